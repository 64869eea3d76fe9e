package token

import (
	"strings"
	"testing"
)

func TestClassifyPath(t *testing.T) {
	for path, want := range map[string]Tier{
		"color.blue.500":            TierPrimitive,
		"color.white":               TierPrimitive,
		"color.text.default":        TierSemantic,
		"color.on-primary":          TierSemantic,
		"color.primary":             TierSemantic,
		"space.4":                   TierPrimitive,
		"font.size.lg":              TierPrimitive,
		"typography.body":           TierSemantic,
		"shadow.md":                 TierSemantic,
		"button.primary.background": TierComponent,
		"card.padding":              TierComponent,
		"ref.palette.blue":          TierPrimitive,
		"sys.color.primary":         TierSemantic,
		"comp.button.bg":            TierComponent,
	} {
		if got := ClassifyPath(path); got != want {
			t.Errorf("ClassifyPath(%q) = %s, want %s", path, got, want)
		}
	}
	s := &System{Tokens: mustParse(t, `{
		"brand": {"$extensions": {"org.pagewright": {"tier": "primitive"}}, "teal": {"$type": "color", "$value": "#0f766e"}},
		"hero": {"bg": {"$type": "color", "$value": "{brand.teal}", "$extensions": {"org.pagewright": {"tier": "semantic"}}}}}`)}
	if s.Tier("brand.teal") != TierPrimitive || s.Tier("hero.bg") != TierSemantic || s.Tier("other.x") != TierComponent {
		t.Errorf("extension tiers: %s %s %s", s.Tier("brand.teal"), s.Tier("hero.bg"), s.Tier("other.x"))
	}
	if tr, ok := ParseTier("component"); !ok || tr != TierComponent || Tier(0).String() != "unknown" {
		t.Error("ParseTier")
	}
}

func TestLint(t *testing.T) {
	s := &System{
		Tokens: mustParse(t, `{
			"color": {"$type": "color",
				"blue": {"500": {"$value": "#3b82f6"}, "600": {"$value": "{color.primary}"}},
				"primary": {"$value": "{color.blue.500}"},
				"old": {"$value": "#000", "$deprecated": "use color.primary"},
				"accent": {"$value": "{button.bg}"}},
			"button": {"bg": {"$value": "{color.primary}"}, "fg": {"$type": "color", "$value": "#fff"}, "line": {"$value": "{color.old}"}}}`),
		Themes: map[string]*File{ThemeDark: mustParse(t, `{"color": {"extra": {"$type": "color", "$value": "#111"}}}`)},
	}
	var got []string
	for _, w := range s.Lint() {
		got = append(got, w.String())
	}
	want := []string{
		"color.blue.600: primitive token aliases semantic token {color.primary}; alias the same tier or a lower one",
		"color.accent: semantic token aliases component token {button.bg}; alias the same tier or a lower one",
		"button.fg: component token has a literal value; alias a semantic or primitive token so themes apply to it",
		"button.line: aliases deprecated token {color.old}: use color.primary",
		`theme "dark": color.extra: is not in the base set, so it has no value outside this theme`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidateBreakpoints(t *testing.T) {
	for _, tc := range []struct {
		bps  []Breakpoint
		want string
	}{
		{[]Breakpoint{{"sm", 640}, {"md", 768}}, ""},
		{[]Breakpoint{{"md", 768}, {"sm", 640}}, "breakpoints.1: breakpoints must be in ascending minWidth order (sm is not wider than md)"},
		{[]Breakpoint{{"hover", 640}}, `breakpoints.0: breakpoint name "hover" must use a-z, 0-9 and '-' and not be one of base, hover, focus, focus-visible, active, disabled`},
		{[]Breakpoint{{"Big", 640}}, `breakpoints.0: breakpoint name "Big" must use a-z, 0-9 and '-' and not be one of base, hover, focus, focus-visible, active, disabled`},
		{[]Breakpoint{{"xs", 0}}, "breakpoints.0: minWidth 0 must be between 1 and 10000 pixels"},
	} {
		s := Default()
		s.Breakpoints = tc.bps
		err := s.Validate()
		if (err == nil) != (tc.want == "") || err != nil && err.Error() != tc.want {
			t.Errorf("%v: %v, want %q", tc.bps, err, tc.want)
		}
	}
	if err := (&System{}).Validate(); err == nil || err.Error() != "(root): the system has no base token set" {
		t.Errorf("empty system: %v", err)
	}
}

func TestBreakpointsFrom(t *testing.T) {
	f := mustParse(t, `{"breakpoint": {"$type": "dimension", "lg": {"$value": "64rem"}, "sm": {"$value": "640px"}, "odd": {"$value": "50vw"}, "n": {"x": {"$value": "1px"}}}}`)
	got := BreakpointsFrom(f)
	if len(got) != 2 || got[0] != (Breakpoint{"sm", 640}) || got[1] != (Breakpoint{"lg", 1024}) {
		t.Errorf("got %v", got)
	}
}
