# Python settings: credentials come from the environment or other names.
import os

DB_PASSWORD = os.environ["DB_PASSWORD"]
api_token = settings.API_TOKEN
secret_key = get_secret("django-secret-key")
password = default_password
token = tok_value
admin_password = input("Password: ")
signing_key = crypto.primitives.generate_signing_key_v2()
signature_method = oauth1.SIGNATURE_HMAC_SHA256
