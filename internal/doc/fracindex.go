package doc

// Fractional indexing: a sibling's position is a string key, and siblings
// are ordered by comparing keys as plain bytes. Inserting between two
// siblings only needs a new key between their keys, so a move or an insert
// touches one node and concurrent edits by different people rarely clash.
//
// Key format. A key is a sequence of one or more segments. A segment is an
// integer in the variable-length encoding of the fractional-indexing
// library (and Figma): a head letter giving the number of digits, then that
// many base-62 digits ("0-9A-Za-z", in byte order):
//
//	a..z  non-negative integers with 1..26 digits: a0 … az, b00 … bzz, c000 …
//	Z..A  negative integers with 1..26 digits:     Zz (-1) … Z0, Yzz … Y00, …
//
// The head letters sort the way the integers do ('A' < 'Z' < 'a' < 'z' in
// ASCII), and a head fixes its segment's length, so no segment is a prefix
// of another. Byte order of keys is therefore the order of their segment
// sequences, with a sequence before any of its extensions.
//
// A one-segment key is exactly an integer key of the fractional-indexing
// library ("a0", "a1", "Zz", "b10"). Where that library appends midpoint
// digits to split a gap, this scheme takes the middle integer of the first
// differing segments if there is one, and otherwise appends another integer
// segment and counts that up or down. Counting in the variable-length
// encoding adds a digit only when a segment's range is used up, so keys
// stay short for every way of inserting repeatedly at one spot: 10,000
// inserts at the front, at the end, or always just after (or just before) a
// fixed key give keys of at most 4, 4, 6 and 6 bytes, where bisecting the
// gap grows keys by a digit every six inserts (about 1,700 bytes after
// 10,000). Random inserts cost more: 5,000 of them reach 10 bytes.

import (
	"errors"
	"fmt"
	"math/big"
)

// digits are the base-62 digits in byte order.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// FirstKey is the key KeyBetween gives the first child of an empty parent.
const FirstKey = "a0"

// ErrKeyOrder is returned by KeyBetween and NKeysBetween when the lower
// bound is not strictly below the upper one.
var ErrKeyOrder = errors.New("fractional index: lower bound must sort before upper bound")

// ErrKeySpace is returned when no key fits, which needs a bound at the very
// edge of the 26-digit range: unreachable by editing, but possible with a
// hand-written key.
var ErrKeySpace = errors.New("fractional index: no key fits between the bounds")

// digitValue maps a byte to its base-62 value, or -1.
var digitValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(digits); i++ {
		t[digits[i]] = int8(i)
	}
	return t
}()

// segmentLen returns the number of digits a segment with head h has, or 0
// if h is not a head letter.
func segmentLen(h byte) int {
	switch {
	case h >= 'a' && h <= 'z':
		return int(h-'a') + 1
	case h >= 'A' && h <= 'Z':
		return int('Z'-h) + 1
	}
	return 0
}

// ValidKey reports why k is not a well-formed key, or nil.
func ValidKey(k string) error {
	if k == "" {
		return errors.New("is empty")
	}
	for i := 0; i < len(k); {
		n := segmentLen(k[i])
		if n == 0 {
			return fmt.Errorf("has %q at byte %d where a segment head (a-z or A-Z) belongs", k[i], i)
		}
		if i+1+n > len(k) {
			return fmt.Errorf("segment %q at byte %d needs %d digits", k[i:], i, n)
		}
		for j := i + 1; j <= i+n; j++ {
			if digitValue[k[j]] < 0 {
				return fmt.Errorf("has %q at byte %d, which is not a base-62 digit", k[j], j)
			}
		}
		i += 1 + n
	}
	return nil
}

// segments splits a valid key into its segments.
func segments(k string) []string {
	var s []string
	for i := 0; i < len(k); {
		n := 1 + segmentLen(k[i])
		s = append(s, k[i:i+n])
		i += n
	}
	return s
}

// increment returns the segment one above s, or "" if s is the largest.
func increment(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 1; i-- {
		if b[i] != 'z' {
			b[i] = digits[digitValue[b[i]]+1]
			return string(b)
		}
		b[i] = '0'
	}
	// Every digit carried: move to the next head letter, which has one
	// digit more (positive) or one fewer (negative).
	switch h := b[0]; {
	case h == 'z':
		return ""
	case h == 'Z':
		return "a0"
	case h >= 'a':
		return string(h+1) + string(b[1:]) + "0"
	default:
		return string(h+1) + string(b[1:len(b)-1])
	}
}

// decrement returns the segment one below s, or "" if s is the smallest.
func decrement(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 1; i-- {
		if b[i] != '0' {
			b[i] = digits[digitValue[b[i]]-1]
			return string(b)
		}
		b[i] = 'z'
	}
	switch h := b[0]; {
	case h == 'A':
		return ""
	case h == 'a':
		return "Zz"
	case h <= 'Z':
		return string(h-1) + string(b[1:]) + "z"
	default:
		return string(h-1) + string(b[1:len(b)-1])
	}
}

// step is how far after and before count. Counting by one would put each
// new key right next to its neighbour, so the first insert between the two
// would already need a new segment; a step of 8 leaves room for three
// halvings first. It costs little length: 10,000 appends still fit in
// three digits.
const step = 8

// stepUp counts s up by step, or as far as the segment range allows; it
// returns "" if s is the largest segment.
func stepUp(s string) string {
	out := ""
	for range step {
		next := increment(s)
		if next == "" {
			break
		}
		out, s = next, next
	}
	return out
}

// stepDown counts s down by step, or as far as the segment range allows;
// it returns "" if s is the smallest segment.
func stepDown(s string) string {
	out := ""
	for range step {
		next := decrement(s)
		if next == "" {
			break
		}
		out, s = next, next
	}
	return out
}

// after returns a key above the segment sequence s and as short as
// possible: its first segment counted up.
func after(s []string) (string, error) {
	if len(s) == 0 {
		return FirstKey, nil
	}
	if up := stepUp(s[0]); up != "" {
		return up, nil
	}
	rest, err := after(s[1:])
	return s[0] + rest, err
}

// before returns a key below the segment sequence s: its first segment
// counted down.
func before(s []string) (string, error) {
	if len(s) == 0 {
		return "", ErrKeySpace // nothing sorts below the empty sequence
	}
	if down := stepDown(s[0]); down != "" {
		return down, nil
	}
	rest, err := before(s[1:])
	return s[0] + rest, err
}

// checkBounds validates a and b ("" meaning open) and their order.
func checkBounds(a, b string) error {
	if a != "" {
		if err := ValidKey(a); err != nil {
			return fmt.Errorf("fractional index: lower bound %q %w", a, err)
		}
	}
	if b != "" {
		if err := ValidKey(b); err != nil {
			return fmt.Errorf("fractional index: upper bound %q %w", b, err)
		}
	}
	if a != "" && b != "" && a >= b {
		return fmt.Errorf("%w (%q, %q)", ErrKeyOrder, a, b)
	}
	return nil
}

// KeyBetween returns a key strictly between a and b, where "" means an
// open end: KeyBetween("", "") is FirstKey, KeyBetween(a, "") sorts after
// a, KeyBetween("", b) before b. Both bounds must be valid keys and a must
// sort before b.
//
// The result is chosen to stay short under repeated inserts rather than to
// be central: an open end counts the nearest segment on by a small step,
// and between two keys it takes the middle integer of the first differing
// segments or, when they are adjacent, extends the lower key by one
// segment. See the notes on the key format at the top of this file.
func KeyBetween(a, b string) (string, error) {
	if err := checkBounds(a, b); err != nil {
		return "", err
	}
	switch {
	case a == "" && b == "":
		return FirstKey, nil
	case b == "":
		return after(segments(a))
	case a == "":
		return before(segments(b))
	}
	sa, sb := segments(a), segments(b)
	i := 0
	for i < len(sa) && i < len(sb) && sa[i] == sb[i] {
		i++
	}
	prefix := a[:segOffset(sa, i)]
	if i == len(sa) {
		// a is a prefix of b: extend a with something below the rest of b.
		rest, err := before(sb[i:])
		return prefix + rest, err
	}
	// sa[i] < sb[i]. If integers fit between them, take the middle one: it
	// is no longer than the longer bound and leaves room on both sides, so
	// random inserts rarely need a new segment. Otherwise keep sa[i] and go
	// above the rest of a.
	if up := increment(sa[i]); up != "" && up < sb[i] {
		lo, hi := segmentInt(sa[i]), segmentInt(sb[i])
		return prefix + intSegment(lo.Add(lo, hi).Rsh(lo, 1)), nil
	}
	rest, err := after(sa[i+1:])
	return prefix + sa[i] + rest, err
}

// segOffset returns the byte offset of segment i in the key split into s.
func segOffset(s []string, i int) int {
	n := 0
	for _, seg := range s[:i] {
		n += len(seg)
	}
	return n
}

// NKeysBetween returns n keys in ascending order strictly between a and b
// ("" meaning an open end), spread evenly over the gap where the gap's
// integers allow it and consecutive otherwise, so a pasted block of n
// siblings gets keys no longer than a single insert's plus a few digits.
func NKeysBetween(a, b string, n int) ([]string, error) {
	if n < 0 {
		return nil, fmt.Errorf("fractional index: negative count %d", n)
	}
	if err := checkBounds(a, b); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	keys := make([]string, 0, n)
	switch {
	case b == "":
		// Counting up from a (or from FirstKey) keeps every key one segment.
		k := a
		for range n {
			next, err := KeyBetween(k, "")
			if err != nil {
				return nil, err
			}
			keys = append(keys, next)
			k = next
		}
		return keys, nil
	case a == "":
		k := b
		for range n {
			prev, err := KeyBetween("", k)
			if err != nil {
				return nil, err
			}
			keys = append(keys, prev)
			k = prev
		}
		for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
			keys[i], keys[j] = keys[j], keys[i]
		}
		return keys, nil
	}
	sa, sb := segments(a), segments(b)
	i := 0
	for i < len(sa) && i < len(sb) && sa[i] == sb[i] {
		i++
	}
	if i < len(sa) {
		// If the first differing segments leave room for n integers, spread
		// them evenly: later inserts between them then stay one segment.
		lo, hi := segmentInt(sa[i]), segmentInt(sb[i])
		gap := new(big.Int).Sub(hi, lo)
		if gap.Cmp(big.NewInt(int64(n))) > 0 {
			prefix := a[:segOffset(sa, i)]
			den := big.NewInt(int64(n + 1))
			for k := 1; k <= n; k++ {
				v := new(big.Int).Mul(gap, big.NewInt(int64(k)))
				v.Quo(v, den).Add(v, lo)
				keys = append(keys, prefix+intSegment(v))
			}
			return keys, nil
		}
	}
	// No room: chain single inserts, each just above the last. They all
	// share a's prefix and count one segment up, so they stay short.
	k := a
	for range n {
		next, err := KeyBetween(k, b)
		if err != nil {
			return nil, err
		}
		keys = append(keys, next)
		k = next
	}
	return keys, nil
}

// segmentInt decodes a valid segment into its integer value.
func segmentInt(s string) *big.Int {
	v := new(big.Int)
	base := big.NewInt(62)
	for i := 1; i < len(s); i++ {
		v.Mul(v, base).Add(v, big.NewInt(int64(digitValue[s[i]])))
	}
	// Positive heads count from the first value their length can hold:
	// a0 is 0, b00 is 62, c000 is 62+62². Negative heads mirror that below
	// zero: Zz is -1, Z0 is -62, Yzz is -63.
	n := len(s) - 1
	offset := new(big.Int)
	for l := 1; l < n; l++ {
		offset.Add(offset, new(big.Int).Exp(base, big.NewInt(int64(l)), nil))
	}
	if s[0] >= 'a' {
		return v.Add(v, offset)
	}
	full := new(big.Int).Exp(base, big.NewInt(int64(n)), nil)
	// v counts up from the most negative value of this length.
	return v.Sub(v, full).Sub(v, offset)
}

// intSegment encodes an integer as a segment; it is the inverse of
// segmentInt for values within the 26-digit range.
func intSegment(v *big.Int) string {
	base := big.NewInt(62)
	x := new(big.Int).Set(v)
	neg := x.Sign() < 0
	if neg {
		x.Neg(x).Sub(x, big.NewInt(1)) // -1 → 0, -62 → 61, -63 → 62
	}
	// Find the length: subtract the capacity of each shorter length.
	n := 1
	for {
		c := new(big.Int).Exp(base, big.NewInt(int64(n)), nil)
		if x.Cmp(c) < 0 {
			break
		}
		x.Sub(x, c)
		n++
	}
	if neg {
		// Negative segments store the distance from the most negative value
		// of their length, so digits grow as the value grows.
		c := new(big.Int).Exp(base, big.NewInt(int64(n)), nil)
		x.Sub(c, x).Sub(x, big.NewInt(1))
	}
	out := make([]byte, n+1)
	if neg {
		out[0] = byte('Z' - (n - 1))
	} else {
		out[0] = byte('a' + (n - 1))
	}
	m := new(big.Int)
	for i := n; i >= 1; i-- {
		x.QuoRem(x, base, m)
		out[i] = digits[m.Int64()]
	}
	return string(out)
}
