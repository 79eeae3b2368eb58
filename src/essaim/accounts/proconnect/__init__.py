"""ProConnect, the State's OpenID Connect sign-in for public agents, through allauth's
`openid_connect` provider (see provider.py; configured in settings from the environment)."""
