package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func newBox(t testing.TB, b byte) *Box {
	t.Helper()
	box, err := New(key(b))
	if err != nil {
		t.Fatal(err)
	}
	return box
}

const aad = "settings.email.password"

func TestRoundTrip(t *testing.T) {
	box := newBox(t, 1)
	for _, pt := range []string{"", "hunter2", strings.Repeat("ü", 1000)} {
		s, err := box.Seal([]byte(pt), aad)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, "v1:") {
			t.Fatalf("sealed = %q, want v1: prefix", s)
		}
		if pt != "" && strings.Contains(s, pt) {
			t.Fatalf("sealed value contains the plaintext")
		}
		got, err := box.Open(s, aad)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		if string(got) != pt {
			t.Fatalf("open = %q, want %q", got, pt)
		}
	}
}

func TestNoncesDiffer(t *testing.T) {
	box := newBox(t, 1)
	a, _ := box.Seal([]byte("same"), aad)
	b, _ := box.Seal([]byte("same"), aad)
	if a == b {
		t.Fatal("two seals of the same plaintext are identical: nonce reused")
	}
}

func TestTamperingFails(t *testing.T) {
	box := newBox(t, 1)
	s, _ := box.Seal([]byte("hunter2"), aad)
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "v1:"))
	for i := range raw {
		bad := bytes.Clone(raw)
		bad[i] ^= 0x01
		if _, err := box.Open("v1:"+base64.StdEncoding.EncodeToString(bad), aad); !errors.Is(err, ErrOpen) {
			t.Fatalf("flipping byte %d: err = %v, want ErrOpen", i, err)
		}
	}
	if _, err := box.Open("v1:"+base64.StdEncoding.EncodeToString(raw[:len(raw)-1]), aad); !errors.Is(err, ErrOpen) {
		t.Fatalf("truncated: err = %v, want ErrOpen", err)
	}
}

func TestWrongAADFails(t *testing.T) {
	box := newBox(t, 1)
	s, _ := box.Seal([]byte("hunter2"), aad)
	if _, err := box.Open(s, "settings.other"); !errors.Is(err, ErrOpen) {
		t.Fatalf("err = %v, want ErrOpen", err)
	}
}

func TestWrongKeyFails(t *testing.T) {
	s, _ := newBox(t, 1).Seal([]byte("hunter2"), aad)
	if _, err := newBox(t, 2).Open(s, aad); !errors.Is(err, ErrOpen) {
		t.Fatalf("err = %v, want ErrOpen", err)
	}
}

func TestBadKeyLength(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := New(make([]byte, n)); err == nil {
			t.Errorf("New(%d-byte key) succeeded", n)
		}
	}
}

func TestGarbage(t *testing.T) {
	box := newBox(t, 1)
	for _, s := range []string{"", "v1:", "v1:!!!", "v2:AAAA", "hunter2", "v1:AAAA", "v1:" + strings.Repeat("A", 40)} {
		if _, err := box.Open(s, aad); !errors.Is(err, ErrOpen) {
			t.Errorf("Open(%q) err = %v, want ErrOpen", s, err)
		}
	}
}

func FuzzOpen(f *testing.F) {
	box := newBox(f, 1)
	good, _ := box.Seal([]byte("hunter2"), aad)
	for _, s := range []string{"", "v1:", "v1:AAAA", good, good[:len(good)-2], "v1:" + strings.Repeat("A", 40)} {
		f.Add(s, aad)
	}
	f.Fuzz(func(t *testing.T, s, a string) {
		pt, err := box.Open(s, a)
		if err != nil {
			if pt != nil || !errors.Is(err, ErrOpen) {
				t.Fatalf("Open(%q) = %q, %v", s, pt, err)
			}
			return
		}
		// Only a genuine ciphertext may open (the seeds hold one; seals
		// are random, so each fuzz worker has its own), to its plaintext.
		if a != aad || string(pt) != "hunter2" {
			t.Fatalf("Open(%q, %q) unexpectedly succeeded: %q", s, a, pt)
		}
	})
}
