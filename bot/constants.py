"""Names shared by domain.yml, data/, actions/ and tests: one name per feature."""

# intents
INTENT_BED_SEARCH = "bed_search"
INTENT_SET_BEDS = "set_beds"
INTENT_IN_DANGER = "in_danger"

# slots
SLOT_LANGUAGE = "language"
SLOT_GENDER = "gender"
SLOT_AGE = "age"
SLOT_EXPLOITATION_FORM = "exploitation_form"
SLOT_FOUND_PLACE = "found_place"
SLOT_UNSAFE_PLACES = "unsafe_places"
SLOT_CASE_CODE = "case_code"
SLOT_HANDOFF_SENT = "handoff_sent"
SLOT_LANE = "lane"
REQUESTED_SLOT = "requested_slot"
SLOT_IN_DANGER = "in_danger"
SLOT_SAFE_TONIGHT = "safe_tonight"
SLOT_NEEDS = "needs"
SLOT_RESIDENCE_STATUS = "residence_status"
SLOT_CONSENT = "consent"
SLOT_VERIFICATION = "verification"
SLOT_OFFERS = "offers"
SUPPORT_SLOTS = (SLOT_IN_DANGER, SLOT_AGE, SLOT_SAFE_TONIGHT, SLOT_FOUND_PLACE, SLOT_UNSAFE_PLACES, SLOT_GENDER,
                 SLOT_NEEDS, SLOT_CONSENT)

# forms and actions
FORM_BED_SEARCH = "bed_search_form"
FORM_SUPPORT = "support_form"
FORM_VERIFICATION = "verification_form"
ACTION_VALIDATE_SUPPORT = "validate_support_form"
ACTION_VALIDATE_VERIFICATION = "validate_verification_form"
ACTION_PROFESSIONAL_REQUEST = "action_professional_request"
ACTION_HOLD_OFFER = "action_hold_offer"
ACTION_WHY_NOT = "action_why_not"
ACTION_SUPPORT_NEXT_STEPS = "action_support_next_steps"
ACTION_DANGER = "action_danger"
ACTION_ROUTE_PROFILE = "action_route_profile"
ACTION_FALLBACK = "action_fallback"
ACTION_VALIDATE_BED_SEARCH = "validate_bed_search_form"
ACTION_REQUEST_HUMAN = "action_request_human"
ACTION_UNSUPPORTED_LANGUAGE = "action_unsupported_language"
ENTITY_UNSUPPORTED_LANGUAGE = "unsupported_language"
UTTER_UNSUPPORTED_LANGUAGE = "utter_language__unsupported"

# responses
UTTER_PLACE_UNKNOWN = "utter_bed_search__place_unknown"
UTTER_AGE_INVALID = "utter_bed_search__age_invalid"
UTTER_OFFERS = "utter_bed_search__offers"
UTTER_DECISIONS = "utter_bed_search__decisions"
UTTER_NONE = "utter_bed_search__none"
UTTER_MUNICIPALITY = "utter_bed_search__municipality"
UTTER_HANDOFF_REQUESTED = "utter_human_handoff__requested"
UTTER_HANDOFF_UNAVAILABLE = "utter_human_handoff__unavailable"

DEFAULT_LANGUAGE = "nl"
UNKNOWN = "unknown"
