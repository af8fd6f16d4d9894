# English pages keep the Vietnamese day-first dates: the documents they refer to use them.
from partnership.formats.shared import DATE_FORMAT as DATE_FORMAT
from partnership.formats.shared import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS
from partnership.formats.shared import DATETIME_INPUT_FORMATS as DATETIME_INPUT_FORMATS
from partnership.formats.shared import FIRST_DAY_OF_WEEK as FIRST_DAY_OF_WEEK
from partnership.formats.shared import NUMBER_GROUPING as NUMBER_GROUPING
from partnership.formats.shared import SHORT_DATE_FORMAT as SHORT_DATE_FORMAT

DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
