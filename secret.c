token = "ghp_k3J9qLw2Zx8VbN4mTf7RyH1cPd6GsA0eUo5i"
