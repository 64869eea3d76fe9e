package token

import "testing"

func BenchmarkParseDefault(b *testing.B) {
	src := DefaultJSON("")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveDefault(b *testing.B) {
	s := Default()
	for b.Loop() {
		for _, name := range s.ThemeNames() {
			if _, err := s.Resolve(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkCSSDefault(b *testing.B) {
	s := Default()
	css, _ := s.CSS()
	b.SetBytes(int64(len(css)))
	for b.Loop() {
		if _, err := s.CSS(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckContrastDefault(b *testing.B) {
	s := Default()
	for b.Loop() {
		CheckContrast(s)
	}
}
