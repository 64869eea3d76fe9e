package doc

import (
	"testing"

	"github.com/pagewright/pagewright/internal/errs"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code string
	}{
		{"starter", string(New("Home")), ""},
		{"not json", `{`, "request.malformed"},
		{"unknown field", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"}},"x":1}`, "document.malformed"},
		{"trailing", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"}}} {}`, "request.malformed"},
		{"wrong version", `{"schemaVersion":9,"root":"r","nodes":{"r":{"id":"r","type":"Page"}}}`, "document.invalid"},
		{"missing root", `{"schemaVersion":1,"root":"x","nodes":{}}`, "document.invalid"},
		{"id mismatch", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"q","type":"Page"}}}`, "document.invalid"},
		{"orphan", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"zz"}}}`, "document.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tt.in))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || errs.As(err).Code != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(New("Home"))
	f.Add([]byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"r"}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, out, err := Parse(b)
		if err != nil {
			if errs.KindOf(err) == errs.KindInternal {
				t.Fatalf("internal error for outside input: %v", err)
			}
			return
		}
		// A parsed document re-parses to itself.
		_, again, err := Parse(out)
		if err != nil || string(again) != string(out) || d.Nodes[d.Root] == nil {
			t.Fatalf("canonical form not stable: %v", err)
		}
	})
}
