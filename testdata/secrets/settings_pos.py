# Python settings with a literal credential.
DB_PASSWORD = "Sh0p-db!2024"  # expect: secrets/hardcoded-password
