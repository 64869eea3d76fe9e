// Package config loads Pagewright's configuration: defaults, then
// PAGEWRIGHT_* environment variables, then command-line flags.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/forwarded"
)

// Config is the whole configuration of a Pagewright process.
type Config struct {
	Addr string // --addr / PAGEWRIGHT_ADDR
	// SitesAddr is the published sites' own listener (--sites-addr /
	// PAGEWRIGHT_SITES_ADDR, default :8081; "off" turns it off). Sites are
	// served under /s/ on Addr too; this listener is the fast one, for
	// attached domains.
	SitesAddr   string
	DataDir     string // --data-dir / PAGEWRIGHT_DATA_DIR
	DatabaseURL string // PAGEWRIGHT_DATABASE_URL: empty for SQLite in DataDir
	RedisURL    string // PAGEWRIGHT_REDIS_URL: optional
	BlobURL     string // PAGEWRIGHT_BLOB_URL: empty for DataDir/blobs
	SecretKey   string // PAGEWRIGHT_SECRET_KEY: generated into DataDir when empty
	BaseURL     string // PAGEWRIGHT_BASE_URL: the public URL, for links
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (--trusted-proxies /
	// PAGEWRIGHT_TRUSTED_PROXIES: addresses and CIDR networks).
	TrustedProxies  string
	LogFormat       string        // auto, text or json
	LogLevel        string        // debug, info, warn, error
	SessionIdle     time.Duration // a session ends after this long unused
	ShutdownTimeout time.Duration // how long to drain requests and jobs
	LoginLimit      int           // sign-in attempts per email and per IP ...
	LoginWindow     time.Duration // ... in this window
	MaxUploadBytes  int64         // PAGEWRIGHT_MAX_UPLOAD_BYTES: the largest image upload
	// OutboundAllowPrivate lets webhooks reach private and loopback
	// addresses (PAGEWRIGHT_OUTBOUND_ALLOW_PRIVATE=true; development only).
	OutboundAllowPrivate bool
	// TemplateThumbnails renders template thumbnails in headless Chromium
	// when it is installed (PAGEWRIGHT_TEMPLATE_THUMBNAILS, default true).
	TemplateThumbnails bool
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		Addr: ":8080", SitesAddr: ":8081", DataDir: "./data", LogFormat: "auto", LogLevel: "info",
		SessionIdle: 12 * time.Hour, ShutdownTimeout: 30 * time.Second,
		LoginLimit: 10, LoginWindow: 15 * time.Minute,
		MaxUploadBytes: 20 << 20, TemplateThumbnails: true,
	}
}

// Load builds a Config from defaults, env (a lookup such as os.LookupEnv)
// and args (flags, without the program name). extra, if not nil, adds a
// subcommand's own flags. It returns the remaining positional arguments.
func Load(args []string, env func(string) (string, bool), extra func(*flag.FlagSet)) (Config, []string, error) {
	c := Default()
	str := func(dst *string, name string) {
		if v, ok := env("PAGEWRIGHT_" + name); ok {
			*dst = v
		}
	}
	var envErr error
	dur := func(dst *time.Duration, name string) {
		if v, ok := env("PAGEWRIGHT_" + name); ok {
			d, err := time.ParseDuration(v)
			if err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("PAGEWRIGHT_%s: %q is not a duration (e.g. 30s, 12h)", name, v))
			}
			*dst = d
		}
	}
	str(&c.Addr, "ADDR")
	str(&c.SitesAddr, "SITES_ADDR")
	str(&c.DataDir, "DATA_DIR")
	str(&c.DatabaseURL, "DATABASE_URL")
	str(&c.RedisURL, "REDIS_URL")
	str(&c.BlobURL, "BLOB_URL")
	str(&c.SecretKey, "SECRET_KEY")
	str(&c.BaseURL, "BASE_URL")
	str(&c.TrustedProxies, "TRUSTED_PROXIES")
	str(&c.LogFormat, "LOG_FORMAT")
	str(&c.LogLevel, "LOG_LEVEL")
	dur(&c.SessionIdle, "SESSION_IDLE")
	dur(&c.ShutdownTimeout, "SHUTDOWN_TIMEOUT")
	if v, ok := env("PAGEWRIGHT_MAX_UPLOAD_BYTES"); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			envErr = errors.Join(envErr, fmt.Errorf("PAGEWRIGHT_MAX_UPLOAD_BYTES: %q is not a number of bytes (e.g. 20971520 for 20 MiB)", v))
		}
		c.MaxUploadBytes = n
	}
	if v, ok := env("PAGEWRIGHT_OUTBOUND_ALLOW_PRIVATE"); ok {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			envErr = errors.Join(envErr, fmt.Errorf("PAGEWRIGHT_OUTBOUND_ALLOW_PRIVATE: %q is not true or false", v))
		}
		c.OutboundAllowPrivate = b
	}
	if v, ok := env("PAGEWRIGHT_TEMPLATE_THUMBNAILS"); ok {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			envErr = errors.Join(envErr, fmt.Errorf("PAGEWRIGHT_TEMPLATE_THUMBNAILS: %q is not true or false", v))
		}
		c.TemplateThumbnails = b
	}
	if envErr != nil {
		return c, nil, envErr
	}

	fs := flag.NewFlagSet("pagewright", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (PAGEWRIGHT_ADDR)")
	fs.StringVar(&c.SitesAddr, "sites-addr", c.SitesAddr, "address of the published sites' own listener, or off (PAGEWRIGHT_SITES_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "folder for the SQLite database, files and the secret key (PAGEWRIGHT_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres:// URL; empty for SQLite in the data folder (PAGEWRIGHT_DATABASE_URL)")
	fs.StringVar(&c.RedisURL, "redis-url", c.RedisURL, "redis:// URL, optional (PAGEWRIGHT_REDIS_URL)")
	fs.StringVar(&c.BlobURL, "blob-url", c.BlobURL, "s3://bucket?endpoint=… or file:///path; empty for the data folder (PAGEWRIGHT_BLOB_URL)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of this instance (PAGEWRIGHT_BASE_URL)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "reverse proxies whose X-Forwarded-For/-Proto are believed: IPs and CIDRs, comma-separated (PAGEWRIGHT_TRUSTED_PROXIES)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "auto, text or json (PAGEWRIGHT_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (PAGEWRIGHT_LOG_LEVEL)")
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle, "sign-in sessions end after this long unused (PAGEWRIGHT_SESSION_IDLE)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "time to drain requests and jobs on shutdown (PAGEWRIGHT_SHUTDOWN_TIMEOUT)")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", c.MaxUploadBytes, "largest image upload in bytes (PAGEWRIGHT_MAX_UPLOAD_BYTES)")
	fs.BoolVar(&c.TemplateThumbnails, "template-thumbnails", c.TemplateThumbnails, "render template thumbnails in headless Chromium when installed (PAGEWRIGHT_TEMPLATE_THUMBNAILS)")
	fs.BoolVar(&c.OutboundAllowPrivate, "outbound-allow-private", c.OutboundAllowPrivate, "let webhooks reach private addresses; development only (PAGEWRIGHT_OUTBOUND_ALLOW_PRIVATE)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), nil
}

// Validate checks the configuration and names the first bad field.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, a ...any) { errs = append(errs, fmt.Errorf(field+": "+format, a...)) }
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("addr", "%q is not host:port (e.g. :8080 or 127.0.0.1:8080)", c.Addr)
	}
	if c.SitesAddr != "off" {
		if _, port, err := net.SplitHostPort(c.SitesAddr); err != nil || port == "" {
			bad("sites-addr", "%q is not host:port (e.g. :8081) or off", c.SitesAddr)
		} else if c.SitesAddr == c.Addr && port != "0" {
			bad("sites-addr", "%q is also --addr; give the sites a port of their own, or off", c.SitesAddr)
		}
	}
	if _, err := forwarded.Parse(c.TrustedProxies); err != nil {
		bad("trusted-proxies", "%v", err)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		bad("data-dir", "must not be empty")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") &&
		!strings.HasPrefix(c.DatabaseURL, "sqlite:") {
		bad("database-url", "must start with postgres:// (or be empty for SQLite)")
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		bad("redis-url", "must start with redis:// or rediss://")
	}
	if c.BlobURL != "" && !strings.HasPrefix(c.BlobURL, "s3://") && !strings.HasPrefix(c.BlobURL, "file://") {
		bad("blob-url", "must start with s3:// or file://")
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("base-url", "%q is not an http(s) URL", c.BaseURL)
		}
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		bad("secret-key", "must be at least 32 characters (PAGEWRIGHT_SECRET_KEY)")
	}
	switch c.LogFormat {
	case "auto", "text", "json":
	default:
		bad("log-format", "%q is not auto, text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log-level", "%q is not debug, info, warn or error", c.LogLevel)
	}
	if c.SessionIdle < time.Minute {
		bad("session-idle", "must be at least 1m")
	}
	if c.ShutdownTimeout <= 0 {
		bad("shutdown-timeout", "must be positive")
	}
	if c.MaxUploadBytes < 1<<10 || c.MaxUploadBytes > 1<<30 {
		bad("max-upload-bytes", "%d is not between 1024 (1 KiB) and 1073741824 (1 GiB) (PAGEWRIGHT_MAX_UPLOAD_BYTES)", c.MaxUploadBytes)
	}
	return errors.Join(errs...)
}

// Redacted returns the config with secrets hidden, for logging.
func (c Config) Redacted() Config {
	hide := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			return raw
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	c.DatabaseURL, c.RedisURL, c.BlobURL = hide(c.DatabaseURL), hide(c.RedisURL), hide(c.BlobURL)
	if c.SecretKey != "" {
		c.SecretKey = "xxxxx"
	}
	return c
}
