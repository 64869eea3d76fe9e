// Package cli implements the pagewright command and its subcommands.
package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/app"
	"github.com/pagewright/pagewright/internal/config"
	"github.com/pagewright/pagewright/internal/httpapi"
	"github.com/pagewright/pagewright/internal/user"
)

// Version is set at build time with -ldflags.
var Version = "dev"

const usage = `Pagewright — a self-hosted visual page builder.

Usage:
  pagewright [serve] [flags]        start the server (the default)
  pagewright migrate [flags]        apply database migrations and exit
  pagewright user create [flags]    create a user (--admin for an Admin; the first user sets up the organisation)
  pagewright audit verify [flags]   check the audit log's hash chain
  pagewright render [--tokens tokens.json] [--assets assets.json] page.json > page.html
                                    render a page document to HTML (CSS inline)
  pagewright build --site SLUG [--env production] --out DIR
                                    build a site for an environment into a folder (what a deploy serves)
  pagewright secrets rotate --new-key KEY
                                    re-seal every environment secret with a new key (then set PAGEWRIGHT_SECRET_KEY to it)
  pagewright gc [--dry-run] [--grace 24h]
                                    delete published-site files no deployment needs (also runs daily)
  pagewright openapi                print the OpenAPI document
  pagewright version                print the version

Flags (each also read from PAGEWRIGHT_<NAME>; flags win):
`

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, stderr)
	case "migrate":
		err = migrate(args, stderr)
	case "user":
		err = userCmd(args, stdin, stdout, stderr)
	case "audit":
		err = auditCmd(args, stdout, stderr)
	case "render":
		err = renderCmd(args, stdout)
	case "build":
		err = buildCmd(args, stdout, stderr)
	case "secrets":
		err = secretsCmd(args, stdout)
	case "gc":
		err = gcCmd(args, stdout)
	case "openapi":
		httpapi.Version = Version
		b, _ := json.MarshalIndent(httpapi.OpenAPI(), "", "  ")
		fmt.Fprintln(stdout, string(b))
	case "version":
		fmt.Fprintln(stdout, "pagewright", Version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		printFlags(stdout)
	default:
		fmt.Fprintf(stderr, "pagewright: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "pagewright:", err)
		var ee exitError
		if errors.As(err, &ee) {
			return int(ee)
		}
		return 1
	}
	return 0
}

type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func printFlags(w io.Writer) {
	fs := flag.NewFlagSet("pagewright", flag.ContinueOnError)
	fs.SetOutput(w)
	_, _, _ = config.Load([]string{"-h"}, func(string) (string, bool) { return "", false }, func(f *flag.FlagSet) { f.SetOutput(w) })
}

func load(args []string, extra func(*flag.FlagSet)) (config.Config, []string, error) {
	cfg, rest, err := config.Load(args, os.LookupEnv, extra)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, rest, cfg.Validate()
}

func open(ctx context.Context, cfg config.Config) (*app.App, error) {
	log := app.NewLogger(cfg.LogFormat, cfg.LogLevel)
	slog.SetDefault(log)
	httpapi.Version = Version
	return app.New(ctx, cfg, log, app.Options{})
}

func serve(args []string, stderr io.Writer) error {
	start := time.Now()
	if os.Getenv("GOGC") == "" {
		// Requests allocate a lot of short-lived memory against a small live
		// heap; collecting less often buys a quarter more throughput for
		// some tens of MB. GOGC in the environment still wins.
		debug.SetGCPercent(400)
	}
	cfg, _, err := load(args, nil)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	a.Log.Info("starting", "version", Version, "config", fmt.Sprintf("%+v", cfg.Redacted()), "startup", time.Since(start).Round(time.Millisecond))
	return a.Serve(ctx)
}

func migrate(args []string, stderr io.Writer) error {
	cfg, _, err := load(args, nil)
	if err != nil {
		return err
	}
	a, err := open(context.Background(), cfg)
	if err != nil {
		return err
	}
	a.Close()
	fmt.Fprintln(stderr, "migrations applied")
	return nil
}

func userCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: pagewright user create --email E --name N [--admin | --role editor|viewer] [--org NAME] (password on stdin or PAGEWRIGHT_PASSWORD)")
	}
	var email, name, role, org string
	var admin bool
	cfg, _, err := load(args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email")
		fs.StringVar(&name, "name", "", "the user's name")
		fs.StringVar(&role, "role", "editor", "admin, editor or viewer")
		fs.BoolVar(&admin, "admin", false, "make the user an Admin")
		fs.StringVar(&org, "org", "", "organisation name, when this sets up a new instance")
	})
	if err != nil {
		return err
	}
	if admin {
		role = string(access.RoleAdmin)
	}
	password := os.Getenv("PAGEWRIGHT_PASSWORD")
	if password == "" {
		fmt.Fprint(stderr, "Password (at least 12 characters): ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password given on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	a, err := open(context.Background(), cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Users.CreateUser(context.Background(), user.CreateUserInput{OrganizationName: org, Name: name, Email: email, Password: password, Role: access.Role(role)})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created %s <%s> as %s\n", u.Name, u.Email, u.Role)
	return nil
}

func auditCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: pagewright audit verify")
	}
	cfg, _, err := load(args[1:], nil)
	if err != nil {
		return err
	}
	a, err := open(context.Background(), cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	n, problem, err := a.DB.VerifyAudit(context.Background())
	if err != nil {
		return err
	}
	if problem != nil {
		fmt.Fprintf(stdout, "chain broken at entry %d: %s\n", problem.Seq, problem.Reason)
		return exitError(3)
	}
	fmt.Fprintf(stdout, "chain intact: %d entries verified\n", n)
	return nil
}

func buildCmd(args []string, stdout, stderr io.Writer) error {
	var siteSlug, envSlug, out string
	cfg, _, err := load(args, func(fs *flag.FlagSet) {
		fs.StringVar(&siteSlug, "site", "", "the site's slug (its address in the admin)")
		fs.StringVar(&envSlug, "env", "production", "the environment to build for")
		fs.StringVar(&out, "out", "", "the folder to write (created; existing files are replaced)")
	})
	if err != nil {
		return err
	}
	if siteSlug == "" || out == "" {
		return errors.New("usage: pagewright build --site SLUG [--env production] --out DIR")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	st, err := a.BuildSite(ctx, siteSlug, envSlug, out, func(done, total int) {
		if done == total || done%100 == 0 {
			fmt.Fprintf(stderr, "\rrendered %d/%d pages", done, total)
		}
	})
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %d pages (%d files) into %s in %s\n", st.Pages, st.Files, out, time.Since(start).Round(time.Millisecond))
	return nil
}

func gcCmd(args []string, stdout io.Writer) error {
	var dryRun bool
	var grace time.Duration
	cfg, _, err := load(args, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "only report what would be deleted")
		fs.DurationVar(&grace, "grace", app.ObjectGrace, "keep unreferenced files younger than this (builds write files before their manifest)")
	})
	if err != nil {
		return err
	}
	if grace < 0 {
		return errors.New("--grace must not be negative")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	st, err := a.CollectSiteObjects(ctx, grace, dryRun)
	if err != nil {
		return err
	}
	if st.Skipped != "" {
		fmt.Fprintf(stdout, "nothing done: %s; try again when they have finished\n", st.Skipped)
		return nil
	}
	verb := "deleted"
	if dryRun {
		verb = "would delete"
	}
	fmt.Fprintf(stdout, "%s %d of %d files (%.1f MB); %d manifests keep %.1f MB\n", verb, st.Deleted, st.Objects,
		float64(st.DeletedBytes)/(1<<20), st.Manifests, float64(st.KeptBytes)/(1<<20))
	return nil
}

func secretsCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return errors.New("usage: pagewright secrets rotate --new-key KEY")
	}
	var newKey string
	cfg, _, err := load(args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&newKey, "new-key", "", "the new secret key (at least 32 characters); PAGEWRIGHT_SECRET_KEY must name the current one, or the data folder hold it")
	})
	if err != nil {
		return err
	}
	if len(newKey) < 32 {
		return errors.New("--new-key must have at least 32 characters (for example: openssl rand -hex 32)")
	}
	a, err := open(context.Background(), cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	sum := sha256.Sum256([]byte(newKey))
	n, err := a.RotateSecrets(context.Background(), sum[:])
	if err != nil {
		return fmt.Errorf("nothing was changed: %w", err)
	}
	fmt.Fprintf(stdout, "re-sealed %d secrets with the new key. Set PAGEWRIGHT_SECRET_KEY to the new key before the next start.\n", n)
	return nil
}
