package render

import (
	"cmp"
	"strings"
	"testing"
)

// TestPrefix8Order: where two positions' prefixes differ, they order the
// positions as the strings do.
func TestPrefix8Order(t *testing.T) {
	pos := []string{"", "a", "a\x00", "a\x00b", "a0", "a00005", "a00010", "a1", "aV", "a0V", "Zz", "b", "b0000000", "b0000000a", "b0000001", "\xff", "\xff\xff"}
	for _, a := range pos {
		for _, b := range pos {
			pa, pb := prefix8(a), prefix8(b)
			if pa != pb && cmp.Compare(pa, pb) != strings.Compare(a, b) {
				t.Errorf("prefix8 orders %q and %q wrongly", a, b)
			}
		}
	}
}

func FuzzPrefix8Order(f *testing.F) {
	f.Add("a0", "a1")
	f.Fuzz(func(t *testing.T, a, b string) {
		pa, pb := prefix8(a), prefix8(b)
		if pa != pb && cmp.Compare(pa, pb) != strings.Compare(a, b) {
			t.Errorf("prefix8 orders %q and %q wrongly", a, b)
		}
	})
}
