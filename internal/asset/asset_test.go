package asset

import (
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/imaging"
)

func TestCleanName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ä", 300)
	tests := []struct {
		name, in string
		f        imaging.Format
		want     string
	}{
		{"Plain", "flu-clinic.jpg", imaging.JPEG, "flu-clinic.jpg"},
		{"UnixPath", "/home/eddie/Pictures/flu clinic.jpg", imaging.JPEG, "flu clinic.jpg"},
		{"WindowsPath", `C:\Users\eddie\flu.png`, imaging.PNG, "flu.png"},
		{"Traversal", "../../etc/passwd", imaging.PNG, "passwd"},
		{"OnlyDots", "..", imaging.GIF, "image.gif"},
		{"Empty", "", imaging.WebP, "image.webp"},
		{"Spaces", "   ", imaging.JPEG, "image.jpeg"},
		{"ControlCharacters", "a\x00b\nc\x1b[31m.png", imaging.PNG, "abc[31m.png"},
		{"BidiOverride", "photo\u202egpj.exe", imaging.JPEG, "photogpj.exe"},
		{"Unicode", "Ärztin im Gespräch.webp", imaging.WebP, "Ärztin im Gespräch.webp"},
		{"TooLongKeepsExtension", long + ".jpeg", imaging.JPEG, strings.Repeat("ä", MaxNameRunes-5) + ".jpeg"},
		{"TooLongNoExtension", long, imaging.JPEG, strings.Repeat("ä", MaxNameRunes)},
		{"InvalidUTF8", "a\xffb.png", imaging.PNG, "ab.png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanName(tc.in, tc.f); got != tc.want {
				t.Fatalf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{20 << 20, "20 MiB"},
		{256 << 10, "256 KiB"},
		{1536 << 10, "1.5 MiB"},
		{1500, "1.5 KiB"},
		{999, "999 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := FormatBytes(tc.in); got != tc.want {
				t.Fatalf("FormatBytes(%d) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFileKeys(t *testing.T) {
	t.Parallel()
	if got := OriginalKey("s1", "a1"); got != "sites/s1/assets/a1/original" {
		t.Errorf("original key %q", got)
	}
	if got := VariantKey("s1", "a1", 640); got != "sites/s1/assets/a1/w640" {
		t.Errorf("variant key %q", got)
	}
}
