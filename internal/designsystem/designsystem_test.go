package designsystem

import (
	"encoding/json"
	"testing"

	"github.com/pagewright/pagewright/internal/errs"
)

func TestParseInputLocations(t *testing.T) {
	base := Defaults()
	var tree map[string]any
	if err := json.Unmarshal(base.Tokens, &tree); err != nil {
		t.Fatal(err)
	}
	tree["color"].(map[string]any)["primary"] = map[string]any{"$value": "{color.nope.500}"}
	bad, _ := json.Marshal(tree)

	for name, tc := range map[string]struct {
		in   Input
		want string
	}{
		"missing alias": {Input{Tokens: bad, Themes: base.Themes}, "body.tokens.color.primary"},
		"theme alias": {Input{Tokens: base.Tokens, Themes: map[string]json.RawMessage{
			"dark": json.RawMessage(`{"color":{"text":{"default":{"$value":"{color.nope}"}}}}`)}}, "body.themes.dark.color.text.default"},
		"bad JSON":   {Input{Tokens: json.RawMessage(`{"color": [}`)}, "body.tokens"},
		"no tokens":  {Input{}, "body.tokens"},
		"bad theme":  {Input{Tokens: base.Tokens, Themes: map[string]json.RawMessage{"Dark Mode": json.RawMessage(`{}`)}}, "body.themes.Dark Mode"},
		"theme type": {Input{Tokens: base.Tokens, Themes: map[string]json.RawMessage{"dark": json.RawMessage(`[]`)}}, "body.themes.dark"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := parseInput(tc.in)
			e := errs.As(err)
			if err == nil || e.Kind != errs.KindInvalid || e.Code != "design_system.invalid" {
				t.Fatalf("err %v, want design_system.invalid", err)
			}
			if len(e.Fields) == 0 || e.Fields[0].Location != tc.want {
				t.Errorf("fields %+v, want the first at %s", e.Fields, tc.want)
			}
			seen := map[string]bool{}
			for _, f := range e.Fields {
				k := f.Location + " " + f.Message
				if seen[k] {
					t.Errorf("duplicate field error %s", k)
				}
				seen[k] = true
			}
		})
	}

	if _, ds, err := parseInput(Input{Tokens: base.Tokens, Themes: base.Themes}); err != nil || len(ds.Themes) != 2 {
		t.Fatalf("defaults: %v, %d themes", err, len(ds.Themes))
	}
}
