"""Names shared by domain.yml, data/, actions/ and tests: one name per feature."""

# intents
INTENT_BED_SEARCH = "bed_search"

# slots
SLOT_LANGUAGE = "language"
SLOT_GENDER = "gender"
SLOT_AGE = "age"
SLOT_EXPLOITATION_FORM = "exploitation_form"
SLOT_FOUND_PLACE = "found_place"
SLOT_UNSAFE_PLACES = "unsafe_places"
SLOT_CASE_CODE = "case_code"

# forms and actions
FORM_BED_SEARCH = "bed_search_form"
ACTION_BED_SEARCH = "action_bed_search"
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
