"""Vietnamese text for matching: NFC, folding, abbreviations/teencode, phrase matcher, aspect keywords.

No Rasa here: used by the Rasa components (rasa_project/vi_nlu), the KB, PAKN and the action server,
and installed in both virtualenvs.
"""
