package app

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pagewright/pagewright/internal/config"
)

func secretKeyPath(cfg config.Config) string { return filepath.Join(cfg.DataDir, "secret.key") }

// loadSecretKey returns the 32-byte key that encrypts secrets at rest: from
// PAGEWRIGHT_SECRET_KEY, else from the data folder, else newly generated
// there with 0600 permissions (generated reports that).
func loadSecretKey(cfg config.Config) (key []byte, generated bool, err error) {
	if cfg.SecretKey != "" {
		sum := sha256.Sum256([]byte(cfg.SecretKey))
		return sum[:], false, nil
	}
	path := secretKeyPath(cfg)
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) != 32 {
			return nil, false, fmt.Errorf("secret key file %s is damaged (want 64 hex characters)", path)
		}
		return k, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("read secret key: %w", err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, false, fmt.Errorf("create data folder: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("write secret key: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, false, err
	}
	return key, true, f.Close()
}
