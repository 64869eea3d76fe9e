// Package e2e drives the real web UI in a real browser (Chromium, through
// chromedp) against a real Pagewright instance started in-process by
// apptest. Run with: go test ./internal/e2e/ -count=1 -v
//
// Chromium is found through PAGEWRIGHT_CHROMIUM or `chromium` on the PATH;
// without it the tests are skipped, except under CI=true where they fail.
// Screenshots of every step go to $PAGEWRIGHT_E2E_ARTIFACTS/<Test>/ or
// <repo>/e2e-artifacts/<Test>/ (gitignored).
package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pagewright/pagewright/internal/apptest"
)

// stepTimeout bounds every single browser step (a click, a wait, a fill).
const stepTimeout = 10 * time.Second

// session is the per-test state a browser context carries.
type session struct {
	t   testing.TB
	dir string // screenshot folder
	n   int    // screenshots taken

	mu         sync.Mutex
	exceptions []string // uncaught exceptions and unhandled rejections
	consoleErr []string // console.error calls
}

type sessionKey struct{}

func sess(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	if s == nil {
		panic("e2e: context does not come from newBrowser")
	}
	return s
}

// chromiumPath finds the browser, or skips (fails under CI=true).
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("PAGEWRIGHT_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("PAGEWRIGHT_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found (set PAGEWRIGHT_CHROMIUM or put chromium on the PATH); it is required under CI=true")
		}
		t.Skip("Chromium not found (set PAGEWRIGHT_CHROMIUM or install chromium): skipping browser tests")
	}
	return p
}

// startServer starts a real instance and checks that the embedded web UI
// was built into the test binary.
func startServer(t testing.TB, opts ...apptest.Option) *apptest.Env {
	t.Helper()
	env := apptest.New(t, opts...)
	res, err := http.Get(env.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode == http.StatusServiceUnavailable || strings.Contains(string(body), "web UI not built") {
		t.Fatal("the web UI is not built into this binary (web/dist/index.html is missing): run `make ui`, then run the tests again")
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d: %s", res.StatusCode, body)
	}
	return env
}

// newBrowser starts a fresh headless Chromium (its own profile) for one test
// and returns its context. The browser stops when the test ends, after the
// test is failed for any uncaught JavaScript exception the pages threw.
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	s := &session{t: t, dir: artifactsDir(t)}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("force-color-profile", "srgb"),
		// Domains attached to environments in tests end in .test (a name
		// reserved for testing): they lead here, as DNS would.
		chromedp.Flag("host-resolver-rules", "MAP *.test 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(s.listen))
	ctx = context.WithValue(ctx, sessionKey{}, s)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Run starts the browser: it runs on ctx itself, never on a
	// context with a timeout, which would end the browser with it.
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	t.Logf("browser started in %s", time.Since(start).Round(time.Millisecond))
	// Registered after the browser's cleanup, so it runs before it.
	t.Cleanup(func() { s.check() })
	return ctx
}

// listen records uncaught exceptions and console errors. It runs on the
// browser's reader goroutine: no commands, no testing.T calls.
func (s *session) listen(ev any) {
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		if d == nil {
			return
		}
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		if d.URL != "" {
			msg += fmt.Sprintf(" (%s:%d:%d)", d.URL, d.LineNumber+1, d.ColumnNumber+1)
		}
		s.mu.Lock()
		s.exceptions = append(s.exceptions, msg)
		s.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range e.Args {
			switch {
			case a.Description != "":
				parts = append(parts, a.Description)
			case len(a.Value) > 0:
				parts = append(parts, string(a.Value))
			default:
				parts = append(parts, string(a.Type))
			}
		}
		s.mu.Lock()
		s.consoleErr = append(s.consoleErr, strings.Join(parts, " "))
		s.mu.Unlock()
	}
}

// check fails the test for uncaught exceptions and console errors.
func (s *session) check() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.consoleErr {
		s.t.Errorf("browser console error: %s", m)
	}
	for _, m := range s.exceptions {
		s.t.Errorf("uncaught JavaScript exception: %s", m)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// artifactsDir is an empty folder for the test's screenshots.
func artifactsDir(t testing.TB) string {
	t.Helper()
	base := os.Getenv("PAGEWRIGHT_E2E_ARTIFACTS")
	if base == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatal(err)
		}
		base = filepath.Join(root, "e2e-artifacts")
	}
	dir := filepath.Join(base, unsafeName.ReplaceAllString(t.Name(), "_"))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// repoRoot is the nearest folder above the working directory with a go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("e2e: no go.mod above the working directory; set PAGEWRIGHT_E2E_ARTIFACTS")
		}
		dir = parent
	}
}

// shot saves a full-page PNG screenshot as NN-name.png and returns its path.
func shot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	s := sess(ctx)
	s.n++
	path := filepath.Join(s.dir, fmt.Sprintf("%02d-%s.png", s.n, unsafeName.ReplaceAllString(name, "-")))
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return path
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
	return path
}

// fail stops the test with what went wrong, a screenshot and the page's text.
func fail(ctx context.Context, what string, err error) {
	s := sess(ctx)
	s.t.Helper()
	path := shot(s.t, ctx, "failure")
	loc := "?"
	text := "(could not read the page)"
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if l, err := chromedp.Run(rctx, chromedp.Location()); err == nil {
		loc = l
	}
	if v, err := chromedp.Run(rctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		text = v
	}
	s.t.Fatalf("%s: %v\nat %s\nscreenshot: %s\npage text:\n%s", what, err, loc, path, indent(text))
}

func indent(s string) string {
	return "    | " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n    | ")
}

// step runs one browser action with the step timeout, failing the test with
// context when it does not succeed.
func step(ctx context.Context, what string, a chromedp.Action[chromedp.Void]) {
	sess(ctx).t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, a); err != nil {
		fail(ctx, what, err)
	}
}

// sel turns a CSS selector or an XPath expression (starting with "/" or
// "(") into a selector for the first matching element.
func sel(s string) chromedp.JSPath {
	q, _ := json.Marshal(s)
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "(") {
		return chromedp.JSPath(fmt.Sprintf("document.evaluate(%s, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue", q))
	}
	return chromedp.JSPath(fmt.Sprintf("document.querySelector(%s)", q))
}

// button is an XPath for a button whose visible text is exactly text.
func button(text string) string {
	return fmt.Sprintf("//button[normalize-space()=%s]", xpathString(text))
}

// xpathString quotes s as an XPath 1.0 string literal.
func xpathString(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	parts := strings.Split(s, "'")
	return "concat('" + strings.Join(parts, `', "'", '`) + "')"
}

// visit loads url in the tab.
func visit(ctx context.Context, url string) {
	sess(ctx).t.Helper()
	step(ctx, "open "+url, chromedp.Navigate(url))
}

// click waits until the element is visible, scrolled into view, not moving
// and not covered by anything (a closing menu, a dialog's overlay), and
// then clicks its centre with the mouse, as a person would.
func click(ctx context.Context, selector string) {
	sess(ctx).t.Helper()
	s := sel(selector)
	step(ctx, "click "+selector, chromedp.Steps(chromedp.WaitVisible(s), chromedp.ScrollIntoView(s)))
	// The element's box, or "" while something else is on top of its centre.
	probe := fmt.Sprintf(`(() => {
		const el = %s;
		if (!el) return "";
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) return "";
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		if (!hit || !(hit === el || el.contains(hit))) return "";
		if (getComputedStyle(hit).pointerEvents === "none") return "";
		return [r.left, r.top, r.width, r.height].join(",");
	})()`, s)
	prev := ""
	until(ctx, "click "+selector+": wait until it can be clicked", func(ctx context.Context) (bool, error) {
		box, err := chromedp.Run(ctx, chromedp.Evaluate[string](probe))
		if err != nil {
			return false, err
		}
		stable := box != "" && box == prev
		prev = box
		return stable, nil
	})
	step(ctx, "click "+selector, chromedp.Click(s))
}

// until calls cond every 50 ms until it reports true, for at most the step
// timeout. Errors in between (a navigation replacing the page) are retried.
func until(ctx context.Context, what string, cond func(context.Context) (bool, error)) {
	sess(ctx).t.Helper()
	deadline := time.Now().Add(stepTimeout)
	var lastErr error
	for {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := cond(cctx)
		cancel()
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		if time.Now().After(deadline) {
			if lastErr == nil {
				lastErr = errors.New("timed out after " + stepTimeout.String())
			}
			fail(ctx, what, lastErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// untilJS waits until a JavaScript expression is true.
func untilJS(ctx context.Context, what, expr string) {
	sess(ctx).t.Helper()
	until(ctx, what, func(ctx context.Context) (bool, error) {
		return chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	})
}

// fill replaces the value of a text input by typing, as a person would, so
// the UI's change handlers run.
func fill(ctx context.Context, selector, value string) {
	sess(ctx).t.Helper()
	s := sel(selector)
	step(ctx, "fill "+selector, chromedp.Steps(
		chromedp.WaitVisible(s),
		chromedp.Focus(s),
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.select && document.activeElement.select()`),
		chromedp.KeyEvent(kb.Backspace),
		chromedp.KeyEvent(value),
	))
	vctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	got, err := chromedp.Run(vctx, chromedp.Value(s))
	if err != nil || got != value {
		fail(ctx, "fill "+selector, fmt.Errorf("value is %q, want %q (err %v)", got, value, err))
	}
}

// waitText waits until text is part of the page's visible text.
func waitText(ctx context.Context, text string) {
	sess(ctx).t.Helper()
	q, _ := json.Marshal(text)
	untilJS(ctx, fmt.Sprintf("wait for the text %q", text),
		fmt.Sprintf(`!!document.body && document.body.innerText.includes(%s)`, q))
}

// waitNoText waits until text is no longer part of the page's visible text.
func waitNoText(ctx context.Context, text string) {
	sess(ctx).t.Helper()
	q, _ := json.Marshal(text)
	untilJS(ctx, fmt.Sprintf("wait for the text %q to go", text),
		fmt.Sprintf(`!!document.body && !document.body.innerText.includes(%s)`, q))
}

// waitVisible waits until the element is visible.
func waitVisible(ctx context.Context, selector string) {
	sess(ctx).t.Helper()
	step(ctx, "wait for "+selector, chromedp.WaitVisible(sel(selector)))
}

// waitGone waits until no element matches.
func waitGone(ctx context.Context, selector string) {
	sess(ctx).t.Helper()
	step(ctx, "wait for "+selector+" to go", chromedp.WaitNotPresent(sel(selector)))
}

// waitNoDialog waits until no dialog is open, so the page is clickable again.
func waitNoDialog(ctx context.Context) {
	sess(ctx).t.Helper()
	waitGone(ctx, `[role="dialog"], [role="alertdialog"]`)
}

// waitPath waits until the location's path is path.
func waitPath(ctx context.Context, path string) {
	sess(ctx).t.Helper()
	q, _ := json.Marshal(path)
	untilJS(ctx, "wait for the path "+path, fmt.Sprintf(`location.pathname === %s`, q))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](ctx context.Context, expr string) T {
	sess(ctx).t.Helper()
	ectx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ectx, chromedp.Evaluate[T](expr))
	if err != nil {
		fail(ctx, "evaluate "+expr, err)
	}
	return v
}

// count is how many elements match a CSS selector now.
func count(ctx context.Context, css string) int {
	sess(ctx).t.Helper()
	q, _ := json.Marshal(css)
	return eval[int](ctx, fmt.Sprintf(`document.querySelectorAll(%s).length`, q))
}

// exists reports whether a CSS selector or XPath matches an element now.
func exists(ctx context.Context, selector string) bool {
	sess(ctx).t.Helper()
	return eval[bool](ctx, fmt.Sprintf(`!!(%s)`, sel(selector)))
}

// textOf is the visible text of the first element a CSS selector or XPath
// matches.
func textOf(ctx context.Context, selector string) string {
	sess(ctx).t.Helper()
	waitVisible(ctx, selector)
	return eval[string](ctx, fmt.Sprintf(`(%s).innerText`, sel(selector)))
}

// bodyText is the page's visible text.
func bodyText(ctx context.Context) string {
	sess(ctx).t.Helper()
	return eval[string](ctx, `document.body ? document.body.innerText : ""`)
}

// signIn fills in the login form and waits for the app to let them in.
func signIn(t testing.TB, ctx context.Context, email, password string) {
	t.Helper()
	waitText(ctx, "Sign in to Pagewright")
	fill(ctx, `input[name="email"]`, email)
	fill(ctx, `input[name="password"]`, password)
	click(ctx, button("Sign in"))
	untilJS(ctx, "leave the login screen", `location.pathname !== "/login"`)
	waitVisible(ctx, `[data-testid="user-menu"]`)
}
