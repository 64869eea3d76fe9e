package doc

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestIncrementDecrement(t *testing.T) {
	maxPos, minNeg := "z"+strings.Repeat("z", 26), "A"+strings.Repeat("0", 26)
	tests := []struct{ name, in, up, down string }{
		{"zero", "a0", "a1", "Zz"},
		{"carry into two digits", "az", "b00", "ay"},
		{"two digits down to one", "b00", "b01", "az"},
		{"minus one", "Zz", "a0", "Zy"},
		{"negative carry", "Z0", "Z1", "Yzz"},
		{"negative two digits", "Yzz", "Z0", "Yzy"},
		{"largest", maxPos, "", maxPos[:26] + "y"},
		{"smallest", minNeg, minNeg[:26] + "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := increment(tt.in); got != tt.up {
				t.Errorf("increment(%s) = %q, want %q", tt.in, got, tt.up)
			}
			if got := decrement(tt.in); got != tt.down {
				t.Errorf("decrement(%s) = %q, want %q", tt.in, got, tt.down)
			}
		})
	}
}

// TestSegmentIntegers checks the encoding against plain integers: a walk
// by increment from far below zero to far above visits consecutive values
// in ascending byte order, and intSegment inverts segmentInt.
func TestSegmentIntegers(t *testing.T) {
	s := intSegment(big.NewInt(-5000))
	if s[0] != 'X' || len(s) != 4 {
		t.Fatalf("intSegment(-5000) = %q, want a three-digit X segment", s)
	}
	for v := int64(-5000); v < 5000; v++ {
		if got := segmentInt(s).Int64(); got != v {
			t.Fatalf("segmentInt(%s) = %d, want %d", s, got, v)
		}
		if back := intSegment(big.NewInt(v)); back != s {
			t.Fatalf("intSegment(%d) = %s, want %s", v, back, s)
		}
		next := increment(s)
		if next <= s {
			t.Fatalf("increment(%s) = %s does not sort after it", s, next)
		}
		s = next
	}
}

func TestValidKey(t *testing.T) {
	tests := []struct {
		key string
		ok  bool
	}{
		{"a0", true}, {"Zz", true}, {"b10", true}, {"a0a0", true}, {"a0Zz", true}, {"zzzzzzzzzzzzzzzzzzzzzzzzzzz", true},
		{"", false}, {"a", false}, {"a00", false}, {"b1", false}, {"0a", false}, {"a-", false}, {"a0 ", false}, {"a0a", false}, {"é0", false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if err := ValidKey(tt.key); (err == nil) != tt.ok {
				t.Fatalf("ValidKey(%q) = %v, want ok=%v", tt.key, err, tt.ok)
			}
		})
	}
}

func TestKeyBetween(t *testing.T) {
	tests := []struct {
		name, a, b, want string
		err              error // matched with errors.Is when set
		bad              bool  // any error
	}{
		{name: "empty list", want: "a0"},
		{name: "append", a: "a0", want: "a8"},
		{name: "append carries", a: "az", want: "b07"},
		{name: "prepend", b: "a0", want: "Zs"},
		{name: "prepend negative", b: "Z0", want: "Yzs"},
		{name: "room between", a: "a0", b: "a5", want: "a2"},
		{name: "adjacent", a: "a0", b: "a1", want: "a0a0"},
		{name: "after a key that b extends", a: "a0", b: "a0a0", want: "a0Zs"},
		{name: "different lengths", a: "az", b: "b02", want: "b00"},
		{name: "middle of a wide gap", a: "a0", b: "c000", want: "bUV"},
		{name: "longer a", a: "a0a5", b: "a1", want: "a0aD"},
		{name: "append after longest", a: "z" + strings.Repeat("z", 26), want: "z" + strings.Repeat("z", 26) + "a0"},
		{name: "equal", a: "a1", b: "a1", err: ErrKeyOrder},
		{name: "reversed", a: "a2", b: "a1", err: ErrKeyOrder},
		{name: "prefix reversed", a: "a0a0", b: "a0", err: ErrKeyOrder},
		{name: "below smallest", b: "A" + strings.Repeat("0", 26), err: ErrKeySpace},
		{name: "invalid a", a: "a00", bad: true},
		{name: "invalid b", b: "x1", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := KeyBetween(tt.a, tt.b)
			if tt.err != nil || tt.bad {
				if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
					t.Fatalf("KeyBetween(%q, %q) = %q, %v; want error %v", tt.a, tt.b, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("KeyBetween(%q, %q) = %q, %v; want %q", tt.a, tt.b, got, err, tt.want)
			}
			checkBetween(t, tt.a, tt.b, got)
		})
	}
}

// checkBetween fails unless k is a valid key strictly between a and b.
func checkBetween(t testing.TB, a, b, k string) {
	t.Helper()
	if err := ValidKey(k); err != nil {
		t.Fatalf("key %q between %q and %q is invalid: %v", k, a, b, err)
	}
	if (a != "" && k <= a) || (b != "" && k >= b) {
		t.Fatalf("key %q is not strictly between %q and %q", k, a, b)
	}
}

// TestRepeatedInserts inserts 10,000 times at one spot in each of the ways
// an editor does and checks that keys stay short (the brief's figure: the
// longest key in each run is logged).
func TestRepeatedInserts(t *testing.T) {
	const n = 10000
	tests := []struct {
		name string
		// next returns the bounds for the next insert given the last key.
		next func(last string) (a, b string)
		max  int
	}{
		{"front", func(last string) (string, string) { return "", last }, 4},
		{"end", func(last string) (string, string) { return last, "" }, 4},
		{"just after a fixed key", func(last string) (string, string) { return "a0", last }, 6},
		{"just before a fixed key", func(last string) (string, string) { return last, "a1" }, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := map[string]string{"front": "a0", "end": "a0"}[tt.name]
			if first == "" {
				first = "a0a0" // between the fixed keys a0 and a1
			}
			last, longest := first, len(first)
			for range n {
				a, b := tt.next(last)
				k, err := KeyBetween(a, b)
				if err != nil {
					t.Fatal(err)
				}
				checkBetween(t, a, b, k)
				last, longest = k, max(longest, len(k))
			}
			t.Logf("%d inserts %s: longest key %d bytes, last %q", n, tt.name, longest, last)
			if longest > tt.max {
				t.Fatalf("longest key %d bytes, want at most %d", longest, tt.max)
			}
		})
	}
}

// TestKeyBetweenRandom grows one sibling list by inserting at random
// places and checks the list stays strictly sorted and valid.
func TestKeyBetweenRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []string
	longest := 0
	for range 5000 {
		i := rng.IntN(len(keys) + 1) // insert before keys[i]
		var a, b string
		if i > 0 {
			a = keys[i-1]
		}
		if i < len(keys) {
			b = keys[i]
		}
		k, err := KeyBetween(a, b)
		if err != nil {
			t.Fatal(err)
		}
		checkBetween(t, a, b, k)
		keys = slices.Insert(keys, i, k)
		longest = max(longest, len(k))
	}
	if !slices.IsSorted(keys) {
		t.Fatal("keys out of order")
	}
	t.Logf("5,000 random inserts: longest key %d bytes", longest)
}

func TestNKeysBetween(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		n    int
		want []string // nil: only check the properties
	}{
		{"none", "", "", 0, nil},
		{"open", "", "", 3, []string{"a0", "a8", "aG"}},
		{"after", "a5", "", 2, []string{"aD", "aL"}},
		{"before", "", "a0", 2, []string{"Zk", "Zs"}},
		{"spread", "a0", "az", 3, []string{"aF", "aU", "aj"}},
		{"spread wide", "Zz", "c000", 5, nil},
		{"no room", "a0", "a1", 4, []string{"a0a0", "a0a8", "a0aG", "a0aO"}},
		{"prefix", "a0", "a0a0", 3, nil},
		{"many", "a0", "a1", 1000, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := NKeysBetween(tt.a, tt.b, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(keys) != tt.n {
				t.Fatalf("%d keys, want %d", len(keys), tt.n)
			}
			if tt.want != nil && !slices.Equal(keys, tt.want) {
				t.Fatalf("keys %q, want %q", keys, tt.want)
			}
			prev := tt.a
			for _, k := range keys {
				checkBetween(t, prev, tt.b, k)
				prev = k
			}
		})
	}
	if _, err := NKeysBetween("a1", "a0", 1); !errors.Is(err, ErrKeyOrder) {
		t.Fatalf("reversed bounds: %v", err)
	}
	if _, err := NKeysBetween("", "", -1); err == nil {
		t.Fatal("negative count accepted")
	}
}

// FuzzKeyBetween checks that for any two valid keys in order the result is
// valid and strictly between, and that invalid input is an error, never a
// panic or a wrong key.
func FuzzKeyBetween(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"a0", ""}, {"", "a0"}, {"a0", "a1"}, {"a0", "a0a0"}, {"Zz", "b00"}, {"a0a5", "a1"}, {"A00000000000000000000000001", ""}, {"a0", "a00"}} {
		f.Add(s[0], s[1], uint8(3))
	}
	f.Fuzz(func(t *testing.T, a, b string, n uint8) {
		k, err := KeyBetween(a, b)
		validA := a == "" || ValidKey(a) == nil
		validB := b == "" || ValidKey(b) == nil
		ordered := a == "" || b == "" || a < b
		if !validA || !validB || !ordered {
			if err == nil {
				t.Fatalf("KeyBetween(%q, %q) = %q, want an error", a, b, k)
			}
			return
		}
		if err != nil {
			if errors.Is(err, ErrKeySpace) {
				return
			}
			t.Fatalf("KeyBetween(%q, %q): %v", a, b, err)
		}
		checkBetween(t, a, b, k)
		keys, err := NKeysBetween(a, b, int(n%20))
		if err != nil {
			if errors.Is(err, ErrKeySpace) {
				return
			}
			t.Fatalf("NKeysBetween(%q, %q): %v", a, b, err)
		}
		prev := a
		for _, k := range keys {
			checkBetween(t, prev, b, k)
			prev = k
		}
	})
}
