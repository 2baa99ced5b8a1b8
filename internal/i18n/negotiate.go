package i18n

import (
	"strconv"
	"strings"
)

// Negotiate picks the language of a request: the language cookie if it names
// a supported language, else the supported language the Accept-Language
// header ranks highest (the first of equals), else fallback. It takes the
// header's value, not the request, so that i18n stays free of net/http.
func Negotiate(cookie, acceptLanguage string, fallback Lang) Lang {
	if l, ok := Parse(cookie); ok {
		return l
	}
	best, bestQ := fallback, 0.0
	for part := range strings.SplitSeq(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(part, ";")
		l, ok := Parse(tag)
		if q := quality(params); ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// quality returns the q-value of an Accept-Language entry's parameters: 1 if
// there is none, 0 if it is malformed, so that a malformed entry never wins.
func quality(params string) float64 {
	for param := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(param), "=")
		if !strings.EqualFold(name, "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}
