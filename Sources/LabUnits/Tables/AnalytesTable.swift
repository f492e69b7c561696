// The built-in analyte catalogue (LOINC code, display, canonical UCUM unit, molar mass, aliases, forbidden units): JSON, edited here, compiled into the binary (see `BuiltInTable`).
extension BuiltInTable {
    static let analytes = BuiltInTable(name: "analytes", json: #"""
{
 "about": "LabIngest analyte catalogue: canonical units (UCUM c/s), molar masses (g/mol, decimal text), aliases labs use, units never converted. Extend per pipeline; same code replaces.",
 "entries": [
  {
   "system": "LOINC",
   "code": "751-8",
   "alternateCodes": [
    "26499-4",
    "753-4"
   ],
   "display": "Neutrophils [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "ANC",
    "NEUT#",
    "NEUT #",
    "NE#",
    "Neutrophils abs",
    "Neutrophils absolute",
    "Absolute neutrophil count",
    "Neut abs",
    "Abs neutrophils",
    "ABS NEUT",
    "NEUTA",
    "Neutrophils #"
   ]
  },
  {
   "system": "LOINC",
   "code": "6690-2",
   "alternateCodes": [
    "26464-8",
    "804-5"
   ],
   "display": "Leukocytes [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "WBC",
    "White blood cells",
    "White blood cell count",
    "WBC count",
    "Leukocytes",
    "Leucocytes",
    "LEUK",
    "White cell count"
   ]
  },
  {
   "system": "LOINC",
   "code": "731-0",
   "alternateCodes": [
    "26474-7",
    "732-8"
   ],
   "display": "Lymphocytes [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "ALC",
    "LYMPH#",
    "LYM#",
    "LY#",
    "Lymphocytes abs",
    "Lymphocytes absolute",
    "Absolute lymphocyte count",
    "Lymph abs",
    "Abs lymphocytes"
   ]
  },
  {
   "system": "LOINC",
   "code": "777-3",
   "alternateCodes": [
    "26515-7"
   ],
   "display": "Platelets [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "PLT",
    "Platelets",
    "Platelet count",
    "PLT count",
    "THROMBO",
    "Thrombocytes"
   ]
  },
  {
   "system": "LOINC",
   "code": "789-8",
   "alternateCodes": [
    "26453-1"
   ],
   "display": "Erythrocytes [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*12/L",
   "aliases": [
    "RBC",
    "Red blood cells",
    "Red blood cell count",
    "Erythrocytes",
    "RBC count",
    "ERY"
   ]
  },
  {
   "system": "LOINC",
   "code": "718-7",
   "display": "Hemoglobin [Mass/volume] in Blood",
   "canonicalUnit": "g/L",
   "molarMass": "16114.5",
   "aliases": [
    "HGB",
    "Hb",
    "Hemoglobin",
    "Haemoglobin",
    "HB",
    "tHb"
   ],
   "note": "molar mass of the haem-bearing monomer (64458/4 g/mol): 1 g/dL = 0.6206 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "4544-3",
   "display": "Hematocrit [Volume Fraction] of Blood by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "HCT",
    "Hematocrit",
    "Haematocrit",
    "PCV",
    "Packed cell volume"
   ]
  },
  {
   "system": "LOINC",
   "code": "787-2",
   "display": "MCV [Entitic volume] by Automated count",
   "canonicalUnit": "fL",
   "aliases": [
    "MCV",
    "Mean corpuscular volume",
    "Mean cell volume"
   ]
  },
  {
   "system": "LOINC",
   "code": "785-6",
   "display": "MCH [Entitic mass] by Automated count",
   "canonicalUnit": "pg",
   "aliases": [
    "MCH",
    "Mean corpuscular hemoglobin",
    "Mean cell haemoglobin"
   ]
  },
  {
   "system": "LOINC",
   "code": "786-4",
   "display": "MCHC [Mass/volume] by Automated count",
   "canonicalUnit": "g/L",
   "aliases": [
    "MCHC",
    "Mean corpuscular hemoglobin concentration",
    "Mean cell haemoglobin concentration"
   ]
  },
  {
   "system": "LOINC",
   "code": "788-0",
   "display": "Erythrocyte distribution width [Ratio] by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "RDW-CV",
    "RDW CV",
    "RDWCV"
   ],
   "note": "plain 'RDW' is not an alias: it may be the CV (%) or the SD (fL, 21000-5)"
  },
  {
   "system": "LOINC",
   "code": "21000-5",
   "display": "Erythrocyte distribution width [Entitic volume] by Automated count",
   "canonicalUnit": "fL",
   "aliases": [
    "RDW-SD",
    "RDW SD",
    "RDWSD"
   ]
  },
  {
   "system": "LOINC",
   "code": "32623-1",
   "display": "Platelet mean volume [Entitic volume] in Blood by Automated count",
   "canonicalUnit": "fL",
   "aliases": [
    "MPV",
    "Mean platelet volume"
   ]
  },
  {
   "system": "LOINC",
   "code": "32207-3",
   "display": "Platelet distribution width [Entitic volume] in Blood by Automated count",
   "canonicalUnit": "fL",
   "aliases": [
    "PDW",
    "Platelet distribution width"
   ]
  },
  {
   "system": "LOINC",
   "code": "742-7",
   "display": "Monocytes [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "MONO#",
    "MON#",
    "MO#",
    "Monocytes abs",
    "Monocytes absolute",
    "Absolute monocyte count",
    "Monocytes #"
   ]
  },
  {
   "system": "LOINC",
   "code": "711-2",
   "display": "Eosinophils [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "EOS#",
    "EO#",
    "Eosinophils abs",
    "Eosinophils absolute",
    "Absolute eosinophil count",
    "Eosinophils #"
   ]
  },
  {
   "system": "LOINC",
   "code": "704-7",
   "display": "Basophils [#/volume] in Blood by Automated count",
   "canonicalUnit": "10*9/L",
   "aliases": [
    "BASO#",
    "BA#",
    "Basophils abs",
    "Basophils absolute",
    "Absolute basophil count",
    "Basophils #"
   ]
  },
  {
   "system": "LOINC",
   "code": "770-8",
   "display": "Neutrophils/100 leukocytes in Blood by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "NEUT%",
    "NE%",
    "Neutrophils %"
   ]
  },
  {
   "system": "LOINC",
   "code": "736-9",
   "display": "Lymphocytes/100 leukocytes in Blood by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "LYMPH%",
    "LYM%",
    "LY%",
    "Lymphocytes %"
   ]
  },
  {
   "system": "LOINC",
   "code": "5905-5",
   "display": "Monocytes/100 leukocytes in Blood by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "MONO%",
    "MON%",
    "MO%",
    "Monocytes %"
   ]
  },
  {
   "system": "LOINC",
   "code": "713-8",
   "display": "Eosinophils/100 leukocytes in Blood by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "EOS%",
    "EO%",
    "Eosinophils %"
   ]
  },
  {
   "system": "LOINC",
   "code": "706-2",
   "display": "Basophils/100 leukocytes in Blood by Automated count",
   "canonicalUnit": "%",
   "aliases": [
    "BASO%",
    "BA%",
    "Basophils %"
   ]
  },
  {
   "system": "LOINC",
   "code": "26446-5",
   "display": "Blasts/100 leukocytes in Blood",
   "canonicalUnit": "%",
   "aliases": [
    "Blasts",
    "Blasts %",
    "Blast cells",
    "Blasts PB",
    "Peripheral blasts",
    "BLAST"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-MARROW-BLASTS",
   "display": "Blasts/100 nucleated cells in Bone marrow",
   "canonicalUnit": "%",
   "aliases": [
    "Marrow blasts",
    "BM blasts",
    "Blasts BM",
    "Bone marrow blasts",
    "Blasts marrow"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-CAR-CD3-PCT",
   "display": "CAR+ cells/100 CD3+ T cells in Blood",
   "canonicalUnit": "%",
   "aliases": [
    "CAR+ of CD3+",
    "CAR+ % of CD3+",
    "CAR+ %CD3+",
    "CD3+CAR+ %",
    "CAR-T % of CD3+"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-TAA-BLAST-PCT",
   "display": "Target antigen (CD19/CD22)+ cells/100 blasts",
   "canonicalUnit": "%",
   "aliases": [
    "CD19+ % of blasts",
    "CD22+ % of blasts",
    "Target antigen % of blasts",
    "TAA+ % of blasts"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-BLAST-CD45-PCT",
   "display": "Blasts/100 CD45+ cells",
   "canonicalUnit": "%",
   "aliases": [
    "Blasts % of CD45+",
    "Blasts of CD45+",
    "Blasts/CD45+"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-MRD-PCT",
   "display": "Minimal residual disease cells/100 nucleated cells",
   "canonicalUnit": "%",
   "aliases": [
    "MRD",
    "MRD %",
    "Minimal residual disease",
    "MRD percent"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-CART-ABS",
   "display": "CAR-T cells [#/volume] in Blood",
   "canonicalUnit": "/uL",
   "aliases": [
    "CAR-T abs",
    "CAR-T cells/uL",
    "CAR+ T cells/uL",
    "CAR T absolute",
    "CART ABS",
    "Absolute CAR-T count"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-CAR-COPIES-GDNA",
   "display": "CAR transgene copies/mass of genomic DNA",
   "canonicalUnit": "{copies}/ug",
   "aliases": [
    "CAR copies/ug gDNA",
    "CAR transgene copies per ug gDNA",
    "Transgene copies/ug DNA",
    "CAR copies gDNA"
   ],
   "forbiddenUnits": [
    "{copies}/uL",
    "/uL",
    "{copies}/mL",
    "/mL"
   ]
  },
  {
   "system": "LABINGEST",
   "code": "LI-CAR-COPIES-BLOOD",
   "display": "CAR transgene copies/volume of Blood",
   "canonicalUnit": "{copies}/uL",
   "aliases": [
    "CAR copies/uL blood",
    "CAR transgene copies per uL blood",
    "Transgene copies/uL blood",
    "CAR copies blood"
   ],
   "forbiddenUnits": [
    "{copies}/ug",
    "/ug",
    "{copies}/ng",
    "/ng"
   ]
  },
  {
   "system": "LOINC",
   "code": "1920-8",
   "display": "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "AST",
    "GOT",
    "SGOT",
    "AST/GOT",
    "AST (GOT)",
    "ASAT",
    "Aspartate aminotransferase"
   ]
  },
  {
   "system": "LOINC",
   "code": "1742-6",
   "display": "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "ALT",
    "GPT",
    "SGPT",
    "ALT/GPT",
    "ALT (GPT)",
    "ALAT",
    "Alanine aminotransferase"
   ]
  },
  {
   "system": "LOINC",
   "code": "6768-6",
   "display": "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "ALP",
    "ALK PHOS",
    "Alk phos",
    "Alkaline phosphatase"
   ]
  },
  {
   "system": "LOINC",
   "code": "2324-2",
   "display": "Gamma glutamyl transferase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "GGT",
    "Gamma GT",
    "GGTP",
    "gamma-GT",
    "Gamma-glutamyltransferase",
    "YGT"
   ]
  },
  {
   "system": "LOINC",
   "code": "2532-0",
   "display": "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "LDH",
    "LD",
    "Lactate dehydrogenase"
   ]
  },
  {
   "system": "LOINC",
   "code": "1975-2",
   "display": "Bilirubin.total [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "umol/L",
   "molarMass": "584.66",
   "aliases": [
    "TBIL",
    "T-BIL",
    "T BIL",
    "BILT",
    "Bilirubin total",
    "Total bilirubin",
    "Bilirubin, total",
    "BILI"
   ]
  },
  {
   "system": "LOINC",
   "code": "1968-7",
   "display": "Bilirubin.direct [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "umol/L",
   "molarMass": "584.66",
   "aliases": [
    "DBIL",
    "D-BIL",
    "D BIL",
    "BILD",
    "Bilirubin direct",
    "Direct bilirubin",
    "Bilirubin, direct",
    "Conjugated bilirubin"
   ]
  },
  {
   "system": "LOINC",
   "code": "2160-0",
   "display": "Creatinine [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "umol/L",
   "molarMass": "113.12",
   "aliases": [
    "CREA",
    "CREAT",
    "CRE",
    "Creatinine",
    "Creat"
   ]
  },
  {
   "system": "LOINC",
   "code": "3094-0",
   "display": "Urea nitrogen [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "28.014",
   "aliases": [
    "BUN",
    "Urea nitrogen",
    "Blood urea nitrogen"
   ],
   "note": "reported as mass of urea nitrogen; canonical amount of urea (2 N per urea: 28.014 g/mol): 1 mg/dL = 0.3570 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "3091-6",
   "display": "Urea [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "60.06",
   "aliases": [
    "Urea",
    "UREA",
    "Serum urea"
   ]
  },
  {
   "system": "LOINC",
   "code": "1751-7",
   "display": "Albumin [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "g/L",
   "aliases": [
    "ALB",
    "Albumin",
    "Serum albumin"
   ]
  },
  {
   "system": "LOINC",
   "code": "2276-4",
   "display": "Ferritin [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "ug/L",
   "aliases": [
    "FERR",
    "FER",
    "Ferritin",
    "Serum ferritin"
   ]
  },
  {
   "system": "LOINC",
   "code": "1988-5",
   "display": "C reactive protein [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mg/L",
   "aliases": [
    "CRP",
    "C-reactive protein",
    "C reactive protein"
   ]
  },
  {
   "system": "LOINC",
   "code": "26881-3",
   "display": "Interleukin 6 [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "ng/L",
   "aliases": [
    "IL-6",
    "IL6",
    "Interleukin 6",
    "Interleukin-6"
   ]
  },
  {
   "system": "LOINC",
   "code": "3255-7",
   "display": "Fibrinogen [Mass/volume] in Platelet poor plasma by Coagulation assay",
   "canonicalUnit": "g/L",
   "aliases": [
    "FIB",
    "FIBR",
    "Fibrinogen",
    "Fibrinogen Clauss",
    "Clauss fibrinogen"
   ]
  },
  {
   "system": "LOINC",
   "code": "48065-7",
   "display": "Fibrin D-dimer FEU [Mass/volume] in Platelet poor plasma",
   "canonicalUnit": "mg/L{FEU}",
   "aliases": [
    "D-dimer FEU",
    "D-dimer (FEU)",
    "DDIMER FEU",
    "D-Dimer, FEU"
   ],
   "forbiddenUnits": [
    "{DDU}",
    "[DDU]"
   ],
   "note": "FEU and DDU results are never converted into each other (ratio depends on the assay)"
  },
  {
   "system": "LOINC",
   "code": "48066-5",
   "display": "Fibrin D-dimer DDU [Mass/volume] in Platelet poor plasma",
   "canonicalUnit": "ug/L{DDU}",
   "aliases": [
    "D-dimer DDU",
    "D-dimer (DDU)",
    "DDIMER DDU",
    "D-Dimer, DDU"
   ],
   "forbiddenUnits": [
    "{FEU}",
    "[FEU]"
   ]
  },
  {
   "system": "LOINC",
   "code": "2823-3",
   "display": "Potassium [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "39.098",
   "aliases": [
    "K",
    "K+",
    "POT",
    "Potassium",
    "Kalium"
   ]
  },
  {
   "system": "LOINC",
   "code": "2951-2",
   "display": "Sodium [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "22.990",
   "aliases": [
    "Na+",
    "Sodium",
    "Natrium"
   ]
  },
  {
   "system": "LOINC",
   "code": "17861-6",
   "display": "Calcium [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "40.078",
   "aliases": [
    "CA",
    "Calcium",
    "Calcium total",
    "Total calcium"
   ],
   "forbiddenUnits": [
    "meq/L",
    "eq/L",
    "meq/dL"
   ],
   "note": "divalent: mEq/L is half of mmol/L, which UCUM's eq (= mol) cannot express, so mEq/L is refused"
  },
  {
   "system": "LOINC",
   "code": "1995-0",
   "display": "Calcium.ionized [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "40.078",
   "aliases": [
    "iCa",
    "Ca++",
    "Ca2+",
    "Ionized calcium",
    "Calcium ionized",
    "Calcium, ionized",
    "CA ION",
    "Ionised calcium"
   ],
   "forbiddenUnits": [
    "meq/L",
    "eq/L",
    "meq/dL"
   ]
  },
  {
   "system": "LOINC",
   "code": "2777-1",
   "display": "Phosphate [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "30.974",
   "aliases": [
    "PHOS",
    "Phosphate",
    "Phosphorus",
    "PO4",
    "Inorganic phosphate",
    "Phosphate (as P)"
   ],
   "note": "as phosphorus (30.974 g/mol): 1 mg/dL = 0.3229 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "19123-9",
   "display": "Magnesium [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "24.305",
   "aliases": [
    "MG",
    "Magnesium",
    "Mg++",
    "Mg2+"
   ],
   "forbiddenUnits": [
    "meq/L",
    "eq/L",
    "meq/dL"
   ]
  },
  {
   "system": "LOINC",
   "code": "2345-7",
   "display": "Glucose [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "180.16",
   "aliases": [
    "GLU",
    "GLUC",
    "Glucose",
    "Blood glucose"
   ]
  },
  {
   "system": "LOINC",
   "code": "2075-0",
   "display": "Chloride [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "35.45",
   "aliases": [
    "CL",
    "Cl-",
    "Chloride"
   ],
   "note": "monovalent: 1 mEq/L = 1 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "2524-7",
   "display": "Lactate [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "90.08",
   "aliases": [
    "LAC",
    "LACT",
    "Lactate",
    "Lactic acid"
   ],
   "note": "1 mg/dL = 0.1110 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "1554-5",
   "display": "Glucose [Mass/volume] in Serum or Plasma --12 hours fasting",
   "canonicalUnit": "mmol/L",
   "molarMass": "180.16",
   "aliases": [
    "Glucose 12 hour fasting",
    "Glucose post 12H CFST"
   ]
  },
  {
   "system": "LOINC",
   "code": "3084-1",
   "display": "Urate [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "umol/L",
   "molarMass": "168.11",
   "aliases": [
    "URIC",
    "Uric acid",
    "Urate"
   ]
  },
  {
   "system": "LOINC",
   "code": "10839-9",
   "display": "Troponin I.cardiac [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "ng/L",
   "aliases": [
    "TNI",
    "cTnI",
    "Troponin I",
    "TROPI",
    "Trop I"
   ]
  },
  {
   "system": "LOINC",
   "code": "6598-7",
   "display": "Troponin T.cardiac [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "ng/L",
   "aliases": [
    "TNT",
    "cTnT",
    "Troponin T",
    "TROPT",
    "Trop T"
   ]
  },
  {
   "system": "LOINC",
   "code": "10230-1",
   "display": "Left ventricular Ejection fraction",
   "canonicalUnit": "%",
   "aliases": [
    "LVEF",
    "EF",
    "Ejection fraction",
    "Left ventricular ejection fraction",
    "LV EF"
   ]
  },
  {
   "system": "LOINC",
   "code": "6301-6",
   "display": "INR in Platelet poor plasma by Coagulation assay",
   "canonicalUnit": "1",
   "aliases": [
    "INR",
    "PT INR",
    "PT-INR",
    "Prothrombin time INR"
   ]
  },
  {
   "system": "LOINC",
   "code": "14979-9",
   "display": "aPTT in Platelet poor plasma by Coagulation assay",
   "canonicalUnit": "s",
   "aliases": [
    "APTT",
    "aPTT",
    "PTT",
    "Activated partial thromboplastin time"
   ]
  },
  {
   "system": "LOINC",
   "code": "2093-3",
   "display": "Cholesterol [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "386.65",
   "aliases": [
    "CHOL",
    "Cholesterol",
    "Total cholesterol",
    "TC"
   ]
  },
  {
   "system": "LOINC",
   "code": "2571-8",
   "display": "Triglyceride [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "885.7",
   "aliases": [
    "TG",
    "TRIG",
    "Triglyceride",
    "Triglycerides"
   ],
   "note": "molar mass of triolein, the clinical convention (1 mg/dL = 0.01129 mmol/L)"
  },
  {
   "system": "LOINC",
   "code": "3040-3",
   "display": "Lipase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "LIP",
    "LIPA",
    "Lipase"
   ]
  },
  {
   "system": "LOINC",
   "code": "1798-8",
   "display": "Amylase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "AMY",
    "AMYL",
    "Amylase"
   ]
  },
  {
   "system": "LOINC",
   "code": "2157-6",
   "display": "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma",
   "canonicalUnit": "U/L",
   "aliases": [
    "CK",
    "CPK",
    "Creatine kinase"
   ]
  },
  {
   "system": "LOINC",
   "code": "2885-2",
   "display": "Protein [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "g/L",
   "aliases": [
    "TP",
    "Total protein",
    "PROT"
   ]
  },
  {
   "system": "LOINC",
   "code": "1963-8",
   "display": "Bicarbonate [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "molarMass": "61.02",
   "aliases": [
    "HCO3",
    "Bicarbonate"
   ],
   "note": "monovalent: 1 mEq/L = 1 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "2028-9",
   "display": "Carbon dioxide, total [Moles/volume] in Serum or Plasma",
   "canonicalUnit": "mmol/L",
   "aliases": [
    "CO2",
    "TCO2",
    "Total CO2"
   ],
   "note": "1 mEq/L = 1 mmol/L"
  },
  {
   "system": "LOINC",
   "code": "4548-4",
   "display": "Hemoglobin A1c/Hemoglobin.total in Blood",
   "canonicalUnit": "%",
   "aliases": [
    "HbA1c",
    "A1C"
   ],
   "forbiddenUnits": [
    "mmol/mol"
   ],
   "note": "IFCC mmol/mol and NGSP % are related by a regression, not a factor: never converted"
  },
  {
   "system": "LOINC",
   "code": "2465-3",
   "display": "IgG [Mass/volume] in Serum or Plasma",
   "canonicalUnit": "g/L",
   "aliases": [
    "IgG",
    "Immunoglobulin G"
   ]
  },
  {
   "system": "LOINC",
   "code": "5902-2",
   "display": "Prothrombin time (PT)",
   "canonicalUnit": "s",
   "aliases": [
    "PT",
    "Prothrombin time"
   ]
  },
  {
   "system": "LOINC",
   "code": "62238-1",
   "display": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)",
   "canonicalUnit": "mL/min/{1.73_m2}"
  },
  {
   "system": "LOINC",
   "code": "98979-8",
   "display": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
   "canonicalUnit": "mL/min/{1.73_m2}"
  },
  {
   "system": "LOINC",
   "code": "33914-3",
   "display": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)",
   "canonicalUnit": "mL/min/{1.73_m2}",
   "note": "no eGFR alias: the name does not say which formula"
  }
 ]
}
"""#)
}
