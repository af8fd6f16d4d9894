"""What the English and Vietnamese pages share: day-first dates (the documents the portal
refers to use them) and the same date inputs, week start and digit grouping."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
