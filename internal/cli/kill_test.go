package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/apptest"
)

// bigDoc is a page of about n nodes with a heading saying title.
func bigDoc(title string, n int) []byte {
	nodes := map[string]any{"root": map[string]any{"id": "root", "type": "Page"},
		"h": map[string]any{"id": "h", "type": "Heading", "parent": "root", "pos": "a0", "props": map[string]any{"text": title, "level": 1}}}
	for i := 0; len(nodes) < n; i++ {
		sec := fmt.Sprintf("s%d", i)
		nodes[sec] = map[string]any{"id": sec, "type": "Section", "parent": "root", "pos": fmt.Sprintf("d%04d", i)}
		for c := 0; c < 8; c++ {
			id := fmt.Sprintf("%st%d", sec, c)
			nodes[id] = map[string]any{"id": id, "type": "Text", "parent": sec, "pos": fmt.Sprintf("d%04d", c),
				"props": map[string]any{"html": fmt.Sprintf("<p>Clinic hours for %s, paragraph %d, with <strong>details</strong>.</p>", title, c)}}
		}
	}
	b, _ := json.Marshal(map[string]any{"schemaVersion": 1, "root": "root", "meta": map[string]any{"title": title, "lang": "en"}, "nodes": nodes})
	return b
}

// TestKillDuringDeploy is the reliability test: the server process
// is killed (SIGKILL) while a deploy is running. The previous deployment
// keeps serving after the restart, and the interrupted one is marked
// failed.
func TestKillDuringDeploy(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "pagewright")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/pagewright/pagewright/cmd/pagewright").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sitesAddr := ln2.Addr().String()
	ln.Close()
	ln2.Close()
	data := filepath.Join(dir, "data")
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--data-dir", data, "--addr", addr, "--sites-addr", sitesAddr)
		cmd.Env = append(os.Environ(), "PAGEWRIGHT_LOG_LEVEL=error", "PAGEWRIGHT_DATABASE_URL=", "PAGEWRIGHT_SECRET_KEY=")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 200; i++ {
			if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					return cmd
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("the server did not become ready")
		return nil
	}
	srv := start()
	t.Cleanup(func() { _ = srv.Process.Kill(); _, _ = srv.Process.Wait() })
	env := &apptest.Env{URL: "http://" + addr}
	admin := env.Setup(t)
	var site struct{ ID, Slug string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201).JSON(t, &site)
	var pages []string
	for i := range 120 {
		var pg struct{ ID string }
		admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": fmt.Sprintf("Clinic %03d", i)}).Want(t, 201).JSON(t, &pg)
		pages = append(pages, pg.ID)
	}
	save := func(title string) {
		for _, id := range pages {
			path := "/api/v1/pages/" + id + "/document"
			etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
			admin.Do(t, "PUT", path, json.RawMessage(bigDoc(title, 1500)), "If-Match", etag).Want(t, 200)
		}
	}
	save("Winter hours")
	deployAndWait := func() (string, string) {
		var d struct{ ID, Status string }
		admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/production/deployments", nil).Want(t, 202).JSON(t, &d)
		return d.ID, d.Status
	}
	first, _ := deployAndWait()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var d struct{ Status string }
		admin.Do(t, "GET", "/api/v1/deployments/"+first, nil).Want(t, 200).JSON(t, &d)
		if d.Status == "success" {
			break
		}
		if d.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("first deployment: %s", d.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The home page, from the app's listener and the sites' own (which
	// must agree).
	body := func() string {
		var out []string
		for _, a := range []string{addr, sitesAddr} {
			res, err := http.Get("http://" + a + "/s/" + site.Slug + "/production/")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("home page on %s: %d", a, res.StatusCode)
			}
			out = append(out, string(b))
		}
		if out[0] != out[1] {
			t.Fatal("the two listeners serve different pages")
		}
		return out[0]
	}
	if !strings.Contains(body(), "Winter hours") {
		t.Fatal("the first deployment is not served")
	}

	// Change every page, deploy, and kill the server while it builds.
	save("Summer hours")
	second, _ := deployAndWait()
	for {
		var d struct{ Status string }
		admin.Do(t, "GET", "/api/v1/deployments/"+second, nil).Want(t, 200).JSON(t, &d)
		if d.Status == "building" || d.Status == "optimizing" || d.Status == "deploying" || d.Status == "verifying" {
			break
		}
		if d.Status == "success" || d.Status == "failed" {
			t.Fatalf("the deployment finished (%s) before it could be interrupted: make the site bigger", d.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = srv.Process.Wait()

	srv = start()
	var d struct{ Status, Error string }
	admin.Do(t, "GET", "/api/v1/deployments/"+second, nil).Want(t, 200).JSON(t, &d)
	if d.Status != "failed" || !strings.Contains(d.Error, "server stopped") {
		t.Fatalf("after the restart the interrupted deployment is %s (%q), want failed", d.Status, d.Error)
	}
	if b := body(); !strings.Contains(b, "Winter hours") || strings.Contains(b, "Summer hours") {
		t.Fatal("after the restart the site does not serve the previous deployment")
	}
	var e struct{ LiveDeploymentID string }
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/environments/production", nil).Want(t, 200).JSON(t, &e)
	if e.LiveDeploymentID != first {
		t.Fatalf("live deployment %s, want the first %s", e.LiveDeploymentID, first)
	}
}
