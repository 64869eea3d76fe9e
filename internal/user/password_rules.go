package user

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/errs"
)

//go:embed common_passwords.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckPassword rules: at least MinPasswordLength characters, not on the
// list of commonly used passwords, not one repeated character or a plain
// keyboard or digit run, and not the account's own email.
func checkPasswordRules(field, password, email string) *errs.FieldError {
	fe := func(msg string) *errs.FieldError { f := errs.Field(field, msg, nil); return &f }
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return fe("Use at least 12 characters.")
	}
	if len(password) > 1024 {
		return fe("Use at most 1,024 characters.")
	}
	lower := strings.ToLower(password)
	if common[lower] || isRun(lower) {
		return fe("This password is too common. Try a few unrelated words together.")
	}
	if email != "" && (lower == strings.ToLower(email) || strings.Contains(lower, strings.ToLower(strings.Split(email, "@")[0])) && len(strings.Split(email, "@")[0]) >= 6) {
		return fe("Do not use your email address in your password.")
	}
	return nil
}

// isRun reports one repeated character, or a string that is a run of a
// common sequence such as "123456789012" or "qwertyuiop[]".
func isRun(s string) bool {
	if strings.Count(s, s[:1]) == len(s) {
		return true
	}
	for _, seq := range []string{"01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn"} {
		if strings.Contains(seq, s) {
			return true
		}
	}
	// A short word repeated ("abcabcabcabc", "passwordpassword").
	for n := 1; n <= len(s)/2; n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s {
			return true
		}
	}
	return false
}
