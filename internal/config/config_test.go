package config

import (
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadPrecedence(t *testing.T) {
	c, rest, err := Load([]string{"--addr", ":9000", "extra"}, envOf(map[string]string{
		"PAGEWRIGHT_ADDR": ":7000", "PAGEWRIGHT_DATA_DIR": "/tmp/pw",
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.DataDir != "/tmp/pw" || c.LogFormat != "auto" {
		t.Fatalf("got %+v", c)
	}
	if len(rest) != 1 || rest[0] != "extra" {
		t.Fatalf("rest = %v", rest)
	}
}

func TestValidateNamesField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"addr", func(c *Config) { c.Addr = "8080" }, "addr"},
		{"trusted-proxies", func(c *Config) { c.TrustedProxies = "10.0.0.0/8, proxy.internal" }, "trusted-proxies"},
		{"sites-addr", func(c *Config) { c.SitesAddr = "8081" }, "sites-addr"},
		{"sites-addr same as addr", func(c *Config) { c.SitesAddr = c.Addr }, "sites-addr"},
		{"database", func(c *Config) { c.DatabaseURL = "mysql://x" }, "database-url"},
		{"redis", func(c *Config) { c.RedisURL = "http://x" }, "redis-url"},
		{"blob", func(c *Config) { c.BlobURL = "gs://x" }, "blob-url"},
		{"base", func(c *Config) { c.BaseURL = "localhost" }, "base-url"},
		{"secret", func(c *Config) { c.SecretKey = "short" }, "secret-key"},
		{"log", func(c *Config) { c.LogFormat = "xml" }, "log-format"},
		{"data", func(c *Config) { c.DataDir = " " }, "data-dir"},
		{"upload-too-small", func(c *Config) { c.MaxUploadBytes = 100 }, "max-upload-bytes"},
		{"upload-too-large", func(c *Config) { c.MaxUploadBytes = 2 << 30 }, "max-upload-bytes"},
	}
	if err := Default().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c)
			err := c.Validate()
			if err == nil || !strings.HasPrefix(err.Error(), tt.field+":") {
				t.Fatalf("err = %v, want field %s", err, tt.field)
			}
		})
	}
}

func TestBadEnvDuration(t *testing.T) {
	_, _, err := Load(nil, envOf(map[string]string{"PAGEWRIGHT_SESSION_IDLE": "soon"}), nil)
	if err == nil || !strings.Contains(err.Error(), "PAGEWRIGHT_SESSION_IDLE") {
		t.Fatalf("err = %v", err)
	}
}

func TestRedacted(t *testing.T) {
	c := Default()
	c.DatabaseURL = "postgres://u:hunter2@db/x"
	c.SecretKey = strings.Repeat("k", 40)
	r := c.Redacted()
	if strings.Contains(r.DatabaseURL, "hunter2") || r.SecretKey != "xxxxx" {
		t.Fatalf("not redacted: %+v", r)
	}
}

func TestMaxUploadBytes(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want int64
		err  string
	}{
		{"Default20MiB", nil, nil, 20 << 20, ""},
		{"Env", map[string]string{"PAGEWRIGHT_MAX_UPLOAD_BYTES": "5242880"}, nil, 5 << 20, ""},
		{"FlagBeatsEnv", map[string]string{"PAGEWRIGHT_MAX_UPLOAD_BYTES": "5242880"}, []string{"--max-upload-bytes", "1048576"}, 1 << 20, ""},
		{"NotANumber", map[string]string{"PAGEWRIGHT_MAX_UPLOAD_BYTES": "20MB"}, nil, 0, "PAGEWRIGHT_MAX_UPLOAD_BYTES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := Load(tt.args, envOf(tt.env), nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one naming %s", err, tt.err)
				}
				return
			}
			if err != nil || c.MaxUploadBytes != tt.want {
				t.Fatalf("MaxUploadBytes = %d, %v; want %d", c.MaxUploadBytes, err, tt.want)
			}
		})
	}
}
