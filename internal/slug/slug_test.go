package slug

import "testing"

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"flu-clinic", true}, {"a", true}, {"2026", true},
		{"", false}, {"-a", false}, {"a-", false}, {"a--b", false}, {"Flu", false}, {"a b", false}, {"a/b", false},
		{string(make([]byte, 101)), false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v", tt.in, got)
		}
	}
}

func TestFrom(t *testing.T) {
	tests := map[string]string{
		"Flu Clinic — Riverside":  "flu-clinic-riverside",
		"  Café Opening Hours!! ": "cafe-opening-hours",
		"***":                     "",
	}
	for in, want := range tests {
		if got := From(in); got != want {
			t.Errorf("From(%q) = %q, want %q", in, got, want)
		}
		if got := From(in); got != "" && !Valid(got) {
			t.Errorf("From(%q) = %q is not valid", in, got)
		}
	}
}

func FuzzFrom(f *testing.F) {
	f.Add("Flu Clinic")
	f.Fuzz(func(t *testing.T, s string) {
		if got := From(s); got != "" && !Valid(got) {
			t.Fatalf("From(%q) = %q is not a valid slug", s, got)
		}
	})
}
