// Package secret seals small secrets (SMTP passwords, integration keys) for
// storage with the app's 32-byte key, using AES-256-GCM. A sealed value is a
// versioned string, "v1:" followed by the standard base64 of nonce and
// ciphertext, so the scheme can change later without ambiguity. The
// additional data (aad) names the secret's purpose, e.g.
// "settings.email.password": a ciphertext copied into another field fails
// to open there.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

const prefixV1 = "v1:"

// ErrOpen is returned for any sealed value that does not open: damaged,
// tampered with, sealed for another purpose or with another key. The
// causes are deliberately not told apart.
var ErrOpen = errors.New("secret: cannot open sealed value (damaged, or sealed with another key or purpose)")

// Box seals and opens secrets with one key. It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
}

// New returns a Box for a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secret: key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext bound to aad with a fresh random nonce and
// returns "v1:<base64(nonce|ciphertext)>".
func (b *Box) Seal(plaintext []byte, aad string) (string, error) {
	ns := b.aead.NonceSize()
	buf := make([]byte, ns, ns+len(plaintext)+b.aead.Overhead())
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("secret: nonce: %w", err)
	}
	buf = b.aead.Seal(buf, buf[:ns], plaintext, []byte(aad))
	return prefixV1 + base64.StdEncoding.EncodeToString(buf), nil
}

// Open decrypts a value made by Seal with the same key and aad. Anything
// else returns an error wrapping ErrOpen.
func (b *Box) Open(s string, aad string) ([]byte, error) {
	body, ok := strings.CutPrefix(s, prefixV1)
	if !ok {
		return nil, fmt.Errorf("%w: unknown format", ErrOpen)
	}
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("%w: not base64", ErrOpen)
	}
	ns := b.aead.NonceSize()
	if len(raw) < ns+b.aead.Overhead() {
		return nil, fmt.Errorf("%w: too short", ErrOpen)
	}
	out, err := b.aead.Open(nil, raw[:ns], raw[ns:], []byte(aad))
	if err != nil {
		return nil, ErrOpen
	}
	if out == nil {
		out = []byte{}
	}
	return out, nil
}
