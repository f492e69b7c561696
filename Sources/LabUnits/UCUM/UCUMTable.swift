/// The UCUM prefixes and unit atoms (c/s codes), written from the UCUM specification's tables
/// (§ 4 "Prefixes and Base Units", § 5 "Derived and Customary Units").
///
/// Each atom is a value times a unit expression in other atoms, resolved recursively by
/// `UCUMRegistry`. Special (non-ratio) units name a conversion function instead (`cel`, `degf`, `pH`, …),
/// and arbitrary units (`[iU]`, `[CFU]`, …) are incommensurable with everything but themselves.
enum UCUMTable {
    /// c/s prefix → exact power-of-ten (or binary) factor, written as decimal text.
    static let prefixes: [(code: String, value: String)] = [
        ("Y", "1e24"), ("Z", "1e21"), ("E", "1e18"), ("P", "1e15"), ("T", "1e12"), ("G", "1e9"), ("M", "1e6"),
        ("k", "1e3"), ("h", "1e2"), ("da", "1e1"), ("d", "1e-1"), ("c", "1e-2"), ("m", "1e-3"), ("u", "1e-6"),
        ("n", "1e-9"), ("p", "1e-12"), ("f", "1e-15"), ("a", "1e-18"), ("z", "1e-21"), ("y", "1e-24"),
        ("Ki", "1024"), ("Mi", "1048576"), ("Gi", "1073741824"), ("Ti", "1099511627776"),
    ]

    /// The seven base units (index into `Dimension`); all metric.
    static let baseUnits: [String] = ["m", "s", "g", "rad", "K", "C", "cd"]

    enum Kind: Sendable { case ratio, arbitrary, special(String) }

    struct Atom: Sendable {
        let code: String
        let metric: Bool
        let value: String      // decimal text; for special units the function's scale
        let unit: String       // UCUM expression of the definition ("1" for dimensionless)
        let kind: Kind
        let name: String
    }

    private static func r(_ code: String, _ metric: Bool, _ value: String, _ unit: String, _ name: String) -> Atom {
        Atom(code: code, metric: metric, value: value, unit: unit, kind: .ratio, name: name)
    }
    private static func arb(_ code: String, _ metric: Bool, _ name: String) -> Atom {
        Atom(code: code, metric: metric, value: "1", unit: "1", kind: .arbitrary, name: name)
    }
    private static func sp(_ code: String, _ metric: Bool, _ function: String, _ value: String, _ unit: String, _ name: String) -> Atom {
        Atom(code: code, metric: metric, value: value, unit: unit, kind: .special(function), name: name)
    }

    static let pi = "3.1415926535897932384626433832795028842"

    // MARK: - Atoms
    static let atoms: [Atom] = dimensionless + si + iso1000 + constants + cgs + international + usSurvey + british
        + usVolumes + britishVolumes + masses + typesetting + heat + clinical + arbitraryUnits + levels + misc

    static let dimensionless: [Atom] = [
        r("10*", false, "10", "1", "the number ten for arbitrary powers"),
        r("10^", false, "10", "1", "the number ten for arbitrary powers"),
        r("[pi]", false, pi, "1", "the number pi"),
        r("%", false, "1", "10*-2", "percent"),
        r("[ppth]", false, "1", "10*-3", "parts per thousand"),
        r("[ppm]", false, "1", "10*-6", "parts per million"),
        r("[ppb]", false, "1", "10*-9", "parts per billion"),
        r("[pptr]", false, "1", "10*-12", "parts per trillion"),
    ]

    static let si: [Atom] = [
        r("mol", true, "6.0221367", "10*23", "mole"),
        r("sr", true, "1", "rad2", "steradian"),
        r("Hz", true, "1", "s-1", "hertz"),
        r("N", true, "1", "kg.m/s2", "newton"),
        r("Pa", true, "1", "N/m2", "pascal"),
        r("J", true, "1", "N.m", "joule"),
        r("W", true, "1", "J/s", "watt"),
        r("A", true, "1", "C/s", "ampère"),
        r("V", true, "1", "J/C", "volt"),
        r("F", true, "1", "C/V", "farad"),
        r("Ohm", true, "1", "V/A", "ohm"),
        r("S", true, "1", "Ohm-1", "siemens"),
        r("Wb", true, "1", "V.s", "weber"),
        sp("Cel", true, "cel", "1", "K", "degree Celsius"),
        r("T", true, "1", "Wb/m2", "tesla"),
        r("H", true, "1", "Wb/A", "henry"),
        r("lm", true, "1", "cd.sr", "lumen"),
        r("lx", true, "1", "lm/m2", "lux"),
        r("Bq", true, "1", "s-1", "becquerel"),
        r("Gy", true, "1", "J/kg", "gray"),
        r("Sv", true, "1", "J/kg", "sievert"),
    ]

    static let iso1000: [Atom] = [
        r("gon", false, "0.9", "deg", "gon"),
        r("deg", false, "2", "[pi].rad/360", "degree"),
        r("'", false, "1", "deg/60", "minute (angle)"),
        r("''", false, "1", "'/60", "second (angle)"),
        r("l", true, "1", "dm3", "liter"),
        r("L", true, "1", "l", "liter"),
        r("ar", true, "100", "m2", "are"),
        r("min", false, "60", "s", "minute"),
        r("h", false, "60", "min", "hour"),
        r("d", false, "24", "h", "day"),
        r("a_t", false, "365.24219", "d", "tropical year"),
        r("a_j", false, "365.25", "d", "mean Julian year"),
        r("a_g", false, "365.2425", "d", "mean Gregorian year"),
        r("a", false, "1", "a_j", "year"),
        r("wk", false, "7", "d", "week"),
        r("mo_s", false, "29.53059", "d", "synodal month"),
        r("mo_j", false, "1", "a_j/12", "mean Julian month"),
        r("mo_g", false, "1", "a_g/12", "mean Gregorian month"),
        r("mo", false, "1", "mo_j", "month"),
        r("t", true, "1e3", "kg", "tonne"),
        r("bar", true, "1e5", "Pa", "bar"),
        r("u", true, "1.6605402e-24", "g", "unified atomic mass unit"),
        r("eV", true, "1", "[e].V", "electronvolt"),
        r("AU", false, "149597.870691", "Mm", "astronomic unit"),
        r("pc", true, "3.085678e16", "m", "parsec"),
    ]

    static let constants: [Atom] = [
        r("[c]", true, "299792458", "m/s", "velocity of light"),
        r("[h]", true, "6.6260755e-34", "J.s", "Planck constant"),
        r("[k]", true, "1.380658e-23", "J/K", "Boltzmann constant"),
        r("[eps_0]", true, "8.854187817e-12", "F/m", "permittivity of vacuum"),
        r("[mu_0]", true, "1", "4.[pi].10*-7.N/A2", "permeability of vacuum"),
        r("[e]", true, "1.60217733e-19", "C", "elementary charge"),
        r("[m_e]", true, "9.1093897e-28", "g", "electron mass"),
        r("[m_p]", true, "1.6726231e-24", "g", "proton mass"),
        r("[G]", true, "6.67259e-11", "m3.kg-1.s-2", "Newtonian constant of gravitation"),
        r("[g]", true, "9.80665", "m/s2", "standard acceleration of free fall"),
        r("atm", false, "101325", "Pa", "standard atmosphere"),
        r("[ly]", true, "1", "[c].a_j", "light-year"),
        r("gf", true, "1", "g.[g]", "gram-force"),
        r("[lbf_av]", false, "1", "[lb_av].[g]", "pound force"),
    ]

    static let cgs: [Atom] = [
        r("Ky", true, "1", "cm-1", "Kayser"),
        r("Gal", true, "1", "cm/s2", "Gal"),
        r("dyn", true, "1", "g.cm/s2", "dyne"),
        r("erg", true, "1", "dyn.cm", "erg"),
        r("P", true, "1", "dyn.s/cm2", "Poise"),
        r("Bi", true, "10", "A", "Biot"),
        r("St", true, "1", "cm2/s", "Stokes"),
        r("Mx", true, "1e-8", "Wb", "Maxwell"),
        r("G", true, "1e-4", "T", "Gauss"),
        r("Oe", true, "250", "/[pi].A/m", "Oersted"),
        r("Gb", true, "1", "Oe.cm", "Gilbert"),
        r("sb", true, "1", "cd/cm2", "stilb"),
        r("Lmb", true, "1", "cd/cm2/[pi]", "Lambert"),
        r("ph", true, "1e-4", "lx", "phot"),
        r("Ci", true, "3.7e10", "Bq", "Curie"),
        r("R", true, "2.58e-4", "C/kg", "Roentgen"),
        r("RAD", true, "100", "erg/g", "radiation absorbed dose"),
        r("REM", true, "1", "RAD", "radiation equivalent man"),
    ]

    static let international: [Atom] = [
        r("[in_i]", false, "2.54", "cm", "inch"),
        r("[ft_i]", false, "12", "[in_i]", "foot"),
        r("[yd_i]", false, "3", "[ft_i]", "yard"),
        r("[mi_i]", false, "5280", "[ft_i]", "mile"),
        r("[fth_i]", false, "6", "[ft_i]", "fathom"),
        r("[nmi_i]", false, "1852", "m", "nautical mile"),
        r("[kn_i]", false, "1", "[nmi_i]/h", "knot"),
        r("[sin_i]", false, "1", "[in_i]2", "square inch"),
        r("[sft_i]", false, "1", "[ft_i]2", "square foot"),
        r("[syd_i]", false, "1", "[yd_i]2", "square yard"),
        r("[cin_i]", false, "1", "[in_i]3", "cubic inch"),
        r("[cft_i]", false, "1", "[ft_i]3", "cubic foot"),
        r("[cyd_i]", false, "1", "[yd_i]3", "cubic yard"),
        r("[bf_i]", false, "144", "[in_i]3", "board foot"),
        r("[cr_i]", false, "128", "[ft_i]3", "cord"),
        r("[mil_i]", false, "1e-3", "[in_i]", "mil"),
        r("[cml_i]", false, "1", "[pi]/4.[mil_i]2", "circular mil"),
        r("[hd_i]", false, "4", "[in_i]", "hand"),
    ]

    static let usSurvey: [Atom] = [
        r("[ft_us]", false, "1200", "m/3937", "foot (US survey)"),
        r("[yd_us]", false, "3", "[ft_us]", "yard (US survey)"),
        r("[in_us]", false, "1", "[ft_us]/12", "inch (US survey)"),
        r("[rd_us]", false, "16.5", "[ft_us]", "rod"),
        r("[ch_us]", false, "4", "[rd_us]", "Gunter's chain"),
        r("[lk_us]", false, "1", "[ch_us]/100", "link for Gunter's chain"),
        r("[rch_us]", false, "100", "[ft_us]", "Ramden's chain"),
        r("[rlk_us]", false, "1", "[rch_us]/100", "link for Ramden's chain"),
        r("[fth_us]", false, "6", "[ft_us]", "fathom (US survey)"),
        r("[fur_us]", false, "40", "[rd_us]", "furlong"),
        r("[mi_us]", false, "8", "[fur_us]", "mile (US survey)"),
        r("[acr_us]", false, "160", "[rd_us]2", "acre (US survey)"),
        r("[srd_us]", false, "1", "[rd_us]2", "square rod"),
        r("[smi_us]", false, "1", "[mi_us]2", "square mile"),
        r("[sct]", false, "1", "[mi_us]2", "section"),
        r("[twp]", false, "36", "[sct]", "township"),
        r("[mil_us]", false, "1e-3", "[in_us]", "mil (US survey)"),
    ]

    static let british: [Atom] = [
        r("[in_br]", false, "2.539998", "cm", "inch (British)"),
        r("[ft_br]", false, "12", "[in_br]", "foot (British)"),
        r("[rd_br]", false, "16.5", "[ft_br]", "rod (British)"),
        r("[ch_br]", false, "4", "[rd_br]", "Gunter's chain (British)"),
        r("[lk_br]", false, "1", "[ch_br]/100", "link (British)"),
        r("[fth_br]", false, "6", "[ft_br]", "fathom (British)"),
        r("[pc_br]", false, "2.5", "[ft_br]", "pace (British)"),
        r("[yd_br]", false, "3", "[ft_br]", "yard (British)"),
        r("[mi_br]", false, "5280", "[ft_br]", "mile (British)"),
        r("[nmi_br]", false, "6080", "[ft_br]", "nautical mile (British)"),
        r("[kn_br]", false, "1", "[nmi_br]/h", "knot (British)"),
        r("[acr_br]", false, "4840", "[yd_br]2", "acre (British)"),
    ]

    static let usVolumes: [Atom] = [
        r("[gal_us]", false, "231", "[in_i]3", "Queen Anne's wine gallon"),
        r("[bbl_us]", false, "42", "[gal_us]", "barrel"),
        r("[qt_us]", false, "1", "[gal_us]/4", "quart"),
        r("[pt_us]", false, "1", "[qt_us]/2", "pint"),
        r("[gil_us]", false, "1", "[pt_us]/4", "gill"),
        r("[foz_us]", false, "1", "[gil_us]/4", "fluid ounce"),
        r("[fdr_us]", false, "1", "[foz_us]/8", "fluid dram"),
        r("[min_us]", false, "1", "[fdr_us]/60", "minim"),
        r("[crd_us]", false, "128", "[ft_i]3", "cord"),
        r("[bu_us]", false, "2150.42", "[in_i]3", "bushel"),
        r("[gal_wi]", false, "1", "[bu_us]/8", "historical winchester gallon"),
        r("[pk_us]", false, "1", "[bu_us]/4", "peck"),
        r("[dqt_us]", false, "1", "[pk_us]/8", "dry quart"),
        r("[dpt_us]", false, "1", "[dqt_us]/2", "dry pint"),
        r("[tbs_us]", false, "1", "[foz_us]/2", "tablespoon"),
        r("[tsp_us]", false, "1", "[tbs_us]/3", "teaspoon"),
        r("[cup_us]", false, "16", "[tbs_us]", "cup"),
        r("[foz_m]", false, "30", "mL", "metric fluid ounce"),
        r("[cup_m]", false, "240", "mL", "metric cup"),
        r("[tsp_m]", false, "5", "mL", "metric teaspoon"),
        r("[tbs_m]", false, "15", "mL", "metric tablespoon"),
    ]

    static let britishVolumes: [Atom] = [
        r("[gal_br]", false, "4.54609", "l", "gallon (British)"),
        r("[pk_br]", false, "2", "[gal_br]", "peck (British)"),
        r("[bu_br]", false, "4", "[pk_br]", "bushel (British)"),
        r("[qt_br]", false, "1", "[gal_br]/4", "quart (British)"),
        r("[pt_br]", false, "1", "[qt_br]/2", "pint (British)"),
        r("[gil_br]", false, "1", "[pt_br]/4", "gill (British)"),
        r("[foz_br]", false, "1", "[gil_br]/5", "fluid ounce (British)"),
        r("[fdr_br]", false, "1", "[foz_br]/8", "fluid dram (British)"),
        r("[min_br]", false, "1", "[fdr_br]/60", "minim (British)"),
    ]

    static let masses: [Atom] = [
        r("[gr]", false, "64.79891", "mg", "grain"),
        r("[lb_av]", false, "7000", "[gr]", "pound"),
        r("[oz_av]", false, "1", "[lb_av]/16", "ounce"),
        r("[dr_av]", false, "1", "[oz_av]/16", "dram"),
        r("[scwt_av]", false, "100", "[lb_av]", "short hundredweight"),
        r("[lcwt_av]", false, "112", "[lb_av]", "long hundredweight"),
        r("[ston_av]", false, "20", "[scwt_av]", "short ton"),
        r("[lton_av]", false, "20", "[lcwt_av]", "long ton"),
        r("[stone_av]", false, "14", "[lb_av]", "stone"),
        r("[pwt_tr]", false, "24", "[gr]", "pennyweight"),
        r("[oz_tr]", false, "20", "[pwt_tr]", "ounce (troy)"),
        r("[lb_tr]", false, "12", "[oz_tr]", "pound (troy)"),
        r("[sc_ap]", false, "20", "[gr]", "scruple"),
        r("[dr_ap]", false, "3", "[sc_ap]", "dram (apothecary)"),
        r("[oz_ap]", false, "8", "[dr_ap]", "ounce (apothecary)"),
        r("[lb_ap]", false, "12", "[oz_ap]", "pound (apothecary)"),
        r("[oz_m]", false, "28", "g", "metric ounce"),
    ]

    static let typesetting: [Atom] = [
        r("[lne]", false, "1", "[in_i]/12", "line"),
        r("[pnt]", false, "1", "[lne]/6", "point"),
        r("[pca]", false, "12", "[pnt]", "pica"),
        r("[pnt_pr]", false, "0.013837", "[in_i]", "Printer's point"),
        r("[pca_pr]", false, "12", "[pnt_pr]", "Printer's pica"),
        r("[pied]", false, "32.48", "cm", "pied"),
        r("[pouce]", false, "1", "[pied]/12", "pouce"),
        r("[ligne]", false, "1", "[pouce]/12", "ligne"),
        r("[didot]", false, "1", "[ligne]/6", "didot"),
        r("[cicero]", false, "12", "[didot]", "cicero"),
    ]

    static let heat: [Atom] = [
        sp("[degF]", false, "degf", "5", "K/9", "degree Fahrenheit"),
        r("[degR]", false, "5", "K/9", "degree Rankine"),
        sp("[degRe]", false, "degre", "5", "K/4", "degree Réaumur"),
        r("cal_[15]", true, "4.18580", "J", "calorie at 15 °C"),
        r("cal_[20]", true, "4.18190", "J", "calorie at 20 °C"),
        r("cal_m", true, "4.19002", "J", "mean calorie"),
        r("cal_IT", true, "4.1868", "J", "international table calorie"),
        r("cal_th", true, "4.184", "J", "thermochemical calorie"),
        r("cal", true, "1", "cal_th", "calorie"),
        r("[Cal]", false, "1", "kcal_th", "nutrition label Calories"),
        r("[Btu_39]", false, "1.05967", "kJ", "British thermal unit at 39 °F"),
        r("[Btu_59]", false, "1.05480", "kJ", "British thermal unit at 59 °F"),
        r("[Btu_60]", false, "1.05468", "kJ", "British thermal unit at 60 °F"),
        r("[Btu_m]", false, "1.05587", "kJ", "mean British thermal unit"),
        r("[Btu_IT]", false, "1.05505585262", "kJ", "international table British thermal unit"),
        r("[Btu_th]", false, "1.054350", "kJ", "thermochemical British thermal unit"),
        r("[Btu]", false, "1", "[Btu_th]", "British thermal unit"),
        r("[HP]", false, "550", "[ft_i].[lbf_av]/s", "horsepower"),
        r("tex", true, "1", "g/km", "tex"),
        r("[den]", false, "1", "g/9/km", "Denier"),
    ]

    static let clinical: [Atom] = [
        r("m[H2O]", true, "9.80665", "kPa", "meter of water column"),
        r("m[Hg]", true, "133.3220", "kPa", "meter of mercury column"),
        r("[in_i'H2O]", false, "1", "m[H2O].[in_i]/m", "inch of water column"),
        r("[in_i'Hg]", false, "1", "m[Hg].[in_i]/m", "inch of mercury column"),
        r("[PRU]", false, "1", "mm[Hg].s/ml", "peripheral vascular resistance unit"),
        r("[wood'U]", false, "1", "mm[Hg].min/L", "Wood unit"),
        r("[diop]", false, "1", "/m", "diopter"),
        sp("[p'diop]", false, "100tan", "1", "rad", "prism diopter"),
        sp("%[slope]", false, "100tanDeg", "1", "deg", "percent of slope"),
        r("[mesh_i]", false, "1", "/[in_i]", "mesh"),
        r("[Ch]", false, "1", "mm/3", "Charrière"),
        r("[drp]", false, "1", "ml/20", "drop"),
        r("[MET]", false, "3.5", "mL/min/kg", "metabolic equivalent"),
        sp("[hp'_X]", false, "hpX", "1", "1", "homeopathic potency of decimal series (retired)"),
        sp("[hp'_C]", false, "hpC", "1", "1", "homeopathic potency of centesimal series (retired)"),
        sp("[hp'_M]", false, "hpM", "1", "1", "homeopathic potency of millesimal series (retired)"),
        sp("[hp'_Q]", false, "hpQ", "1", "1", "homeopathic potency of quintamillesimal series (retired)"),
        r("eq", true, "1", "mol", "equivalents"),
        r("osm", true, "1", "mol", "osmole"),
        sp("[pH]", false, "pH", "1", "mol/l", "pH"),
        r("g%", true, "1", "g/dl", "gram percent"),
        r("[S]", false, "1", "10*-13.s", "Svedberg unit"),
        r("[HPF]", false, "1", "1", "high power field"),
        r("[LPF]", false, "100", "1", "low power field"),
        r("kat", true, "1", "mol/s", "katal"),
        r("U", true, "1", "umol/min", "Unit"),
    ]

    static let arbitraryUnits: [Atom] = [
        arb("[hnsf'U]", false, "Hounsfield unit"),
        arb("[hp_X]", false, "homeopathic potency of decimal series"),
        arb("[hp_C]", false, "homeopathic potency of centesimal series"),
        arb("[hp_M]", false, "homeopathic potency of millesimal series"),
        arb("[hp_Q]", false, "homeopathic potency of quintamillesimal series"),
        arb("[kp_X]", false, "homeopathic potency of decimal korsakovian series"),
        arb("[kp_C]", false, "homeopathic potency of centesimal korsakovian series"),
        arb("[kp_M]", false, "homeopathic potency of millesimal korsakovian series"),
        arb("[kp_Q]", false, "homeopathic potency of quintamillesimal korsakovian series"),
        arb("[iU]", true, "international unit"),
        Atom(code: "[IU]", metric: true, value: "1", unit: "[iU]", kind: .ratio, name: "international unit"),
        arb("[arb'U]", false, "arbitrary unit"),
        arb("[USP'U]", false, "United States Pharmacopeia unit"),
        arb("[GPL'U]", false, "GPL unit"),
        arb("[MPL'U]", false, "MPL unit"),
        arb("[APL'U]", false, "APL unit"),
        arb("[beth'U]", false, "Bethesda unit"),
        arb("[anti'Xa'U]", false, "anti factor Xa unit"),
        arb("[todd'U]", false, "Todd unit"),
        arb("[dye'U]", false, "Dye unit"),
        arb("[smgy'U]", false, "Somogyi unit"),
        arb("[bdsk'U]", false, "Bodansky unit"),
        arb("[ka'U]", false, "King-Armstrong unit"),
        arb("[knk'U]", false, "Kunkel unit"),
        arb("[mclg'U]", false, "Mac Lagan unit"),
        arb("[tb'U]", false, "tuberculin unit"),
        arb("[CCID_50]", true, "50% cell culture infectious dose"),
        arb("[TCID_50]", true, "50% tissue culture infectious dose"),
        arb("[EID_50]", true, "50% embryo infectious dose"),
        arb("[PFU]", true, "plaque forming units"),
        arb("[FFU]", true, "focus forming units"),
        arb("[CFU]", true, "colony forming units"),
        arb("[IR]", true, "index of reactivity"),
        arb("[BAU]", true, "bioequivalent allergen unit"),
        arb("[AU]", true, "allergen unit"),
        arb("[Amb'a'1'U]", true, "allergen unit for Ambrosia artemisiifolia"),
        arb("[PNU]", true, "protein nitrogen unit"),
        arb("[Lf]", true, "Limit of flocculation"),
        arb("[D'ag'U]", true, "D-antigen unit"),
        arb("[FEU]", true, "fibrinogen equivalent unit"),
        arb("[ELU]", true, "ELISA unit"),
        arb("[EU]", true, "Ehrlich unit"),
    ]

    static let levels: [Atom] = [
        sp("Np", true, "ln", "1", "1", "neper"),
        sp("B", true, "lg", "1", "1", "bel"),
        sp("B[SPL]", true, "lgTimes2", "2", "10*-5.Pa", "bel sound pressure"),
        sp("B[V]", true, "lgTimes2", "1", "V", "bel volt"),
        sp("B[mV]", true, "lgTimes2", "1", "mV", "bel millivolt"),
        sp("B[uV]", true, "lgTimes2", "1", "uV", "bel microvolt"),
        sp("B[10.nV]", true, "lgTimes2", "10", "nV", "bel 10 nanovolt"),
        sp("B[W]", true, "lg", "1", "W", "bel watt"),
        sp("B[kW]", true, "lg", "1", "kW", "bel kilowatt"),
    ]

    static let misc: [Atom] = [
        r("st", true, "1", "m3", "stere"),
        r("Ao", false, "0.1", "nm", "Ångström"),
        r("b", true, "100", "fm2", "barn"),
        r("att", false, "1", "kgf/cm2", "technical atmosphere"),
        r("mho", true, "1", "S", "mho"),
        r("[psi]", false, "1", "[lbf_av]/[in_i]2", "pound per square inch"),
        r("circ", false, "2", "[pi].rad", "circle"),
        r("sph", false, "4", "[pi].sr", "spere"),
        r("[car_m]", false, "2e-1", "g", "metric carat"),
        r("[car_Au]", false, "1", "/24", "carat of gold alloys"),
        r("[smoot]", false, "67", "[in_i]", "Smoot"),
        sp("[m/s2/Hz^(1/2)]", false, "sqrt", "1", "m2/s4/Hz", "meter per square seconds per square root of hertz"),
        sp("bit_s", false, "ld", "1", "1", "bit (logarithmic)"),
        r("bit", true, "1", "1", "bit"),
        r("By", true, "8", "bit", "byte"),
        r("Bd", true, "1", "/s", "baud"),
    ]
}
