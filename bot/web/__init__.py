"""The hotline's Sanic web service: health, registry API (and later the Twilio channels)."""
