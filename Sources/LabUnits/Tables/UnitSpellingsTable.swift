// The built-in lab unit spellings mapped to UCUM: JSON, edited here, compiled into the binary (see `BuiltInTable`).
extension BuiltInTable {
    static let unitSpellings = BuiltInTable(name: "unitSpellings", json: #"""
{
 "about": "Lab unit spellings mapped to UCUM c/s before parsing (matched after normalising µ/μ/mc to u, superscripts, × to x and whitespace). Extend per pipeline.",
 "spellings": [
  {
   "spelling": "10^9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10*9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10E9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10e9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10^9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x 10^9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "×10⁹/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10E9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10*9/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^9 cells/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^9cells/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "G/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "Gpt/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "GPT/L",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^9/l",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10^9/l",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "G/l",
   "ucum": "10*9/L",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^3/µL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10*3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10^3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10E3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x 10^3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10E3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10e3/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^3/mcL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^3/ul",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "K/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "K/µL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "K/ul",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "K/mcL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "Thou/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "THOU/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "thou/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "Thou/µL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "1000/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "1000/µL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^3 cells/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x1000/uL",
   "ucum": "10*3/uL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "10^3/mm3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "K/mm3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "thou/mm3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "Thou/mm3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "THOU/MM3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "K/MM3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "x10^3/mm3",
   "ucum": "10*3/mm3",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "/nL",
   "ucum": "/nL",
   "group": "count ×10^9/L (factor 1)"
  },
  {
   "spelling": "/uL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/µL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/mcL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/ul",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/uL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/µL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/ul",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/mcL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "{cells}/uL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "#/uL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "#/µL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "per uL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells per uL",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/uL blood",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/uL blood",
   "ucum": "/uL",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/mm3",
   "ucum": "/mm3",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/mm3",
   "ucum": "/mm3",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "#/mm3",
   "ucum": "/mm3",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/cu mm",
   "ucum": "/mm3",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "cells/cu mm",
   "ucum": "/mm3",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "/cmm",
   "ucum": "/mm3",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "10^6/L",
   "ucum": "10*6/L",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "10*6/L",
   "ucum": "10*6/L",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "x10^6/L",
   "ucum": "10*6/L",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "10E6/L",
   "ucum": "10*6/L",
   "group": "count per µL (factor 0.001 to 10*9/L)"
  },
  {
   "spelling": "10^12/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10*12/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10E12/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "x10^12/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "x 10^12/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "×10¹²/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "T/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "Tpt/L",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10^12/l",
   "ucum": "10*12/L",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10^6/µL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10^6/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10*6/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "x10^6/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "x10E6/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "M/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "M/µL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "M/ul",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "mill/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "Mil/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "MIL/uL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10^6/mcL",
   "ucum": "10*6/uL",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "10^6/mm3",
   "ucum": "10*6/mm3",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "M/mm3",
   "ucum": "10*6/mm3",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "mill/mm3",
   "ucum": "10*6/mm3",
   "group": "RBC ×10^12/L"
  },
  {
   "spelling": "mcg/L",
   "ucum": "ug/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "mcg/mL",
   "ucum": "ug/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "mcg/dL",
   "ucum": "ug/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "mcmol/L",
   "ucum": "umol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "µmol/L",
   "ucum": "umol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "μmol/L",
   "ucum": "umol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "µg/L",
   "ucum": "ug/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "μg/L",
   "ucum": "ug/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "µkat/L",
   "ucum": "ukat/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "MG/DL",
   "ucum": "mg/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "mg/dl",
   "ucum": "mg/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "G/DL",
   "ucum": "g/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "g/dl",
   "ucum": "g/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "gm/dL",
   "ucum": "g/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "gm/dl",
   "ucum": "g/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "GM/DL",
   "ucum": "g/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "MG/L",
   "ucum": "mg/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "UG/L",
   "ucum": "ug/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "NG/ML",
   "ucum": "ng/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "ng/ml",
   "ucum": "ng/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "PG/ML",
   "ucum": "pg/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "pg/ml",
   "ucum": "pg/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "NG/L",
   "ucum": "ng/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "UG/ML",
   "ucum": "ug/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "MCG/ML",
   "ucum": "ug/mL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "MMOL/L",
   "ucum": "mmol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "UMOL/L",
   "ucum": "umol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "mmol/l",
   "ucum": "mmol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "umol/l",
   "ucum": "umol/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "G/DL.",
   "ucum": "g/dL",
   "group": "micro spellings and case"
  },
  {
   "spelling": "U/l",
   "ucum": "U/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "IU",
   "ucum": "[IU]",
   "group": "micro spellings and case"
  },
  {
   "spelling": "UKAT/L",
   "ucum": "ukat/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "ukat/l",
   "ucum": "ukat/L",
   "group": "micro spellings and case"
  },
  {
   "spelling": "mEq/L",
   "ucum": "meq/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "MEQ/L",
   "ucum": "meq/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "meq/l",
   "ucum": "meq/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "mEq/l",
   "ucum": "meq/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "mval/L",
   "ucum": "meq/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "IU/L",
   "ucum": "[IU]/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "IU/l",
   "ucum": "[IU]/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "IU/mL",
   "ucum": "[IU]/mL",
   "group": "equivalents and international units"
  },
  {
   "spelling": "IU/ml",
   "ucum": "[IU]/mL",
   "group": "equivalents and international units"
  },
  {
   "spelling": "mIU/mL",
   "ucum": "m[IU]/mL",
   "group": "equivalents and international units"
  },
  {
   "spelling": "mIU/L",
   "ucum": "m[IU]/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "uIU/mL",
   "ucum": "u[IU]/mL",
   "group": "equivalents and international units"
  },
  {
   "spelling": "µIU/mL",
   "ucum": "u[IU]/mL",
   "group": "equivalents and international units"
  },
  {
   "spelling": "kIU/L",
   "ucum": "k[IU]/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "U/L",
   "ucum": "U/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "UI/L",
   "ucum": "[IU]/L",
   "group": "equivalents and international units"
  },
  {
   "spelling": "%",
   "ucum": "%",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "percent",
   "ucum": "%",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "pct",
   "ucum": "%",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "fraction",
   "ucum": "1",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "ratio",
   "ucum": "1",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "Ratio",
   "ucum": "1",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "INR",
   "ucum": "1",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "{ratio}",
   "ucum": "1",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "{INR}",
   "ucum": "1",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "sec",
   "ucum": "s",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "SEC",
   "ucum": "s",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "secs",
   "ucum": "s",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "seconds",
   "ucum": "s",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "Sec",
   "ucum": "s",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "S",
   "ucum": "s",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "°C",
   "ucum": "Cel",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "ºC",
   "ucum": "Cel",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "degC",
   "ucum": "Cel",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "C",
   "ucum": "Cel",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "°F",
   "ucum": "[degF]",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "degF",
   "ucum": "[degF]",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "F",
   "ucum": "[degF]",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "mmHg",
   "ucum": "mm[Hg]",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "mm Hg",
   "ucum": "mm[Hg]",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "cmH2O",
   "ucum": "cm[H2O]",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "fl",
   "ucum": "fL",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "FL",
   "ucum": "fL",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "pg",
   "ucum": "pg",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "PG",
   "ucum": "pg",
   "group": "fractions, ratios, time, temperature, pressure"
  },
  {
   "spelling": "copies/ug",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/µg",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/ug gDNA",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/µg gDNA",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/ug DNA",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/µg DNA",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/ug genomic DNA",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/uL",
   "ucum": "{copies}/uL",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/µL",
   "ucum": "{copies}/uL",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/uL blood",
   "ucum": "{copies}/uL",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/µL blood",
   "ucum": "{copies}/uL",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/mL",
   "ucum": "{copies}/mL",
   "group": "qPCR copies"
  },
  {
   "spelling": "copies/ml",
   "ucum": "{copies}/mL",
   "group": "qPCR copies"
  },
  {
   "spelling": "cp/ug",
   "ucum": "{copies}/ug",
   "group": "qPCR copies"
  },
  {
   "spelling": "cp/uL",
   "ucum": "{copies}/uL",
   "group": "qPCR copies"
  },
  {
   "spelling": "mg/L FEU",
   "ucum": "mg/L{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/mL FEU",
   "ucum": "ug/mL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "µg/mL FEU",
   "ucum": "ug/mL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ng/mL FEU",
   "ucum": "ng/mL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/L FEU",
   "ucum": "ug/L{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "µg/L FEU",
   "ucum": "ug/L{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/dL FEU",
   "ucum": "mg/dL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/L DDU",
   "ucum": "mg/L{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/mL DDU",
   "ucum": "ug/mL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "µg/mL DDU",
   "ucum": "ug/mL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ng/mL DDU",
   "ucum": "ng/mL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/L DDU",
   "ucum": "ug/L{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "µg/L DDU",
   "ucum": "ug/L{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/dL DDU",
   "ucum": "mg/dL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/L (FEU)",
   "ucum": "mg/L{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/mL (FEU)",
   "ucum": "ug/mL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ng/mL (FEU)",
   "ucum": "ng/mL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/L (FEU)",
   "ucum": "ug/L{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/L (DDU)",
   "ucum": "mg/L{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/mL (DDU)",
   "ucum": "ug/mL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ng/mL (DDU)",
   "ucum": "ng/mL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ug/L (DDU)",
   "ucum": "ug/L{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/LFEU",
   "ucum": "mg/L{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ng/mLFEU",
   "ucum": "ng/mL{FEU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mg/LDDU",
   "ucum": "mg/L{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "ng/mLDDU",
   "ucum": "ng/mL{DDU}",
   "group": "D-dimer FEU / DDU (kept apart by annotation)"
  },
  {
   "spelling": "mL/min/1.73m2",
   "ucum": "mL/min/{1.73_m2}",
   "group": "eGFR per 1.73 m² body surface"
  },
  {
   "spelling": "mL/min/1.73 m2",
   "ucum": "mL/min/{1.73_m2}",
   "group": "eGFR per 1.73 m² body surface"
  },
  {
   "spelling": "ml/min/1.73m2",
   "ucum": "mL/min/{1.73_m2}",
   "group": "eGFR per 1.73 m² body surface"
  },
  {
   "spelling": "ml/min/1.73 m2",
   "ucum": "mL/min/{1.73_m2}",
   "group": "eGFR per 1.73 m² body surface"
  },
  {
   "spelling": "mL/min/1.73m^2",
   "ucum": "mL/min/{1.73_m2}",
   "group": "eGFR per 1.73 m² body surface"
  },
  {
   "spelling": "mL/min per 1.73 m2",
   "ucum": "mL/min/{1.73_m2}",
   "group": "eGFR per 1.73 m² body surface"
  }
 ]
}
"""#)
}
