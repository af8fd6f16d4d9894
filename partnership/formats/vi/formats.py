# Vietnamese conventions: 23/08/2019, 1.082.400
from partnership.formats.shared import DATE_FORMAT as DATE_FORMAT
from partnership.formats.shared import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS
from partnership.formats.shared import DATETIME_INPUT_FORMATS as DATETIME_INPUT_FORMATS
from partnership.formats.shared import FIRST_DAY_OF_WEEK as FIRST_DAY_OF_WEEK
from partnership.formats.shared import NUMBER_GROUPING as NUMBER_GROUPING
from partnership.formats.shared import SHORT_DATE_FORMAT as SHORT_DATE_FORMAT

DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
