"""The hotline's own Rasa input channels for Twilio: SMS, WhatsApp and voice.

They replace Rasa's built-in `twilio` / `twilio_voice` channels, which neither check
`X-Twilio-Signature` nor deduplicate redelivered webhooks. Use them from credentials.yml::

    bot.channels.twilio_sms.TwilioSmsInput:
    bot.channels.twilio_whatsapp.TwilioWhatsAppInput:
    bot.channels.twilio_voice.TwilioVoiceInput:

Every key under them is optional: `auth_token` (default: TWILIO_AUTH_TOKEN through
`bot.runtime.settings()`), `public_url` (the scheme and host Twilio calls when a proxy sits in
front of Rasa; also enables delivery status callbacks) and, for voice, `initial_prompt`, `voice`,
`speech_timeout`. Without any token the webhooks answer 503 and never process unsigned input.

Privacy: no module here logs a phone number (only `mask_phone`), a name or message text.
Nothing runs at import; the database, gateway and pager come lazily from `bot.runtime`.
"""
