// Package slug validates and suggests URL slugs for sites and pages.
package slug

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug accepted.
const MaxLen = 100

var re = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Valid reports whether s is lowercase letters, digits and single hyphens,
// 1 to MaxLen characters, not starting or ending with a hyphen.
func Valid(s string) bool { return len(s) <= MaxLen && re.MatchString(s) }

// Rule is the message shown when a slug is not valid.
const Rule = "Use lowercase letters, digits and hyphens (1–100 characters), not starting or ending with a hyphen."

// From suggests a slug for a title: "Flu Clinic — Riverside" → "flu-clinic-riverside".
func From(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // drop accents left by decomposition
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > MaxLen {
		out = strings.TrimRight(out[:MaxLen], "-")
	}
	return out
}
