#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Without this, encoding.h pulls the system <unicode/ucnv.h>, which clashes with Foundation's
   _FoundationICU module ("'UErrorCode' has different definitions"). It only drops trailing ICU
   fields of xmlCharEncodingHandler, which we only ever handle by pointer. */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#endif
