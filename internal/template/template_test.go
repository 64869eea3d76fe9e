package template

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"words", "Flu clinic", []string{"flu", "clinic"}},
		{"punctuation and syntax are dropped", `"flu" OR clinic* -x NEAR(a b)`, []string{"flu", "or", "clinic", "x", "near", "a", "b"}},
		{"letters beyond ASCII", "Café Ärzte", []string{"café", "ärzte"}},
		{"nothing", "  --  ", nil},
		{"at most eight", "a b c d e f g h i j", []string{"a", "b", "c", "d", "e", "f", "g", "h"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SearchTerms(tc.in); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("SearchTerms(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzSearchTerms: whatever people type, the terms that reach the
// full-text query syntax are letters and digits only, at most 8 of at most
// 40 characters.
func FuzzSearchTerms(f *testing.F) {
	for _, s := range []string{"flu", `"a" OR b*`, "ärzte", "NEAR(x y)", "a:b & c | !d", strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := SearchTerms(s)
		if len(terms) > 8 {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if term == "" || utf8.RuneCountInString(term) > 40 || !utf8.ValidString(term) {
				t.Fatalf("bad term %q", term)
			}
			for _, r := range term {
				if strings.ContainsRune(`"*:&|!()-^+' `, r) {
					t.Fatalf("term %q carries query syntax %q", term, r)
				}
			}
		}
	})
}

func TestNextVersion(t *testing.T) {
	tests := []struct {
		name, cur, req, want string
		ok                   bool
	}{
		{"default is the next minor", "1.2.3", "", "1.3.0", true},
		{"a later patch", "1.2.3", "1.2.4", "1.2.4", true},
		{"a major", "1.2.3", "2.0.0", "2.0.0", true},
		{"numbers, not strings", "1.9.0", "1.10.0", "1.10.0", true},
		{"not after", "1.2.3", "1.2.3", "", false},
		{"older", "1.10.0", "1.9.9", "", false},
		{"not semver", "1.2.3", "v2", "", false},
		{"leading zero", "1.2.3", "1.02.0", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NextVersion(tc.cur, tc.req)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("NextVersion(%q, %q) = %q, %v", tc.cur, tc.req, got, err)
			}
		})
	}
}

func TestVisible(t *testing.T) {
	site := "s1"
	mine := &Author{ID: "u1"}
	tests := []struct {
		name string
		v    Viewer
		t    Template
		want bool
	}{
		{"organization: everyone", Viewer{UserID: "x"}, Template{Visibility: VisibilityOrganization}, true},
		{"private: the author", Viewer{UserID: "u1"}, Template{Visibility: VisibilityPrivate, Author: mine}, true},
		{"private: nobody else", Viewer{UserID: "x", AllTeams: true}, Template{Visibility: VisibilityPrivate, Author: mine}, false},
		{"team: an editor of the site", Viewer{UserID: "x", Sites: []string{"s1"}}, Template{Visibility: VisibilityTeam, SiteID: &site, Author: mine}, true},
		{"team: every editor", Viewer{UserID: "x", AllTeams: true}, Template{Visibility: VisibilityTeam, SiteID: &site, Author: mine}, true},
		{"team: not a reader of another site", Viewer{UserID: "x", Sites: []string{"s2"}}, Template{Visibility: VisibilityTeam, SiteID: &site, Author: mine}, false},
		{"team: the author", Viewer{UserID: "u1"}, Template{Visibility: VisibilityTeam, SiteID: &site, Author: mine}, true},
		{"shipped (no author) private is nobody's", Viewer{UserID: ""}, Template{Visibility: VisibilityPrivate}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.Visible(tc.t); got != tc.want {
				t.Errorf("Visible = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCleanTags(t *testing.T) {
	got, fe := cleanTags([]string{" Flu ", "flu", "", "Winter"})
	if len(fe) != 0 || strings.Join(got, ",") != "flu,winter" {
		t.Errorf("cleanTags = %q, %v", got, fe)
	}
	if _, fe := cleanTags([]string{strings.Repeat("x", 41)}); len(fe) != 1 {
		t.Error("a 41-character tag was accepted")
	}
	many := make([]string, 11)
	for i := range many {
		many[i] = string(rune('a' + i))
	}
	if _, fe := cleanTags(many); len(fe) != 1 {
		t.Error("11 tags were accepted")
	}
}
