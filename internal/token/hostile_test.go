package token

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHostileInputsStayCheap feeds files at the limits: the largest alias
// chain, and a 1 MiB value made of aliases. Both must finish quickly.
func TestHostileInputsStayCheap(t *testing.T) {
	var chain strings.Builder
	chain.WriteString(`{"t0": {"$type": "color", "$value": "#000"}`)
	for i := 1; i < MaxTokens; i++ {
		fmt.Fprintf(&chain, `, "t%d": {"$value": "{t%d}"}`, i, i-1)
	}
	chain.WriteString("}")
	var wide strings.Builder
	wide.WriteString(`{"a": {"$value": 1}, "x": {"$value": [`)
	for i := 0; wide.Len() < MaxBytes-64; i++ {
		if i > 0 {
			wide.WriteString(",")
		}
		fmt.Fprintf(&wide, `"{a}", "{b%d}"`, i)
	}
	wide.WriteString("]}}")
	for name, src := range map[string]string{"chain": chain.String(), "wide": wide.String()} {
		start := time.Now()
		f, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s := &System{Tokens: f}
		_ = s.Validate()
		_, _ = s.CSS()
		_ = s.Lint()
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %v", name, d)
		}
		t.Logf("%s: %v", name, time.Since(start))
	}
}
