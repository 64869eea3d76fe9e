package deploy_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/errs"
)

// memStore is a deploy.Store in memory.
type memStore struct {
	mu        sync.Mutex
	ds        map[string]deploy.Deployment
	logs      map[string][]deploy.LogLine
	pages     map[string][]deploy.PageState
	activated []string
}

func newMem() *memStore {
	return &memStore{ds: map[string]deploy.Deployment{}, logs: map[string][]deploy.LogLine{}, pages: map[string][]deploy.PageState{}}
}

func (m *memStore) CreateDeployment(_ context.Context, d deploy.Deployment, _ audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ds[d.ID] = d
	return nil
}
func (m *memStore) GetDeployment(_ context.Context, id string) (deploy.Deployment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.ds[id]
	if !ok {
		return d, errs.ErrNoRows
	}
	return d, nil
}
func (m *memStore) ListDeployments(context.Context, string, string, int) ([]deploy.Deployment, error) {
	return nil, nil
}
func (m *memStore) SaveProgress(_ context.Context, d deploy.Deployment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ds[d.ID] = d
	return nil
}
func (m *memStore) AppendLog(_ context.Context, id string, l deploy.LogLine) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logs[id] = append(m.logs[id], l)
	return nil
}
func (m *memStore) Logs(_ context.Context, id string, after, _ int) ([]deploy.LogLine, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []deploy.LogLine
	for _, l := range m.logs[id] {
		if l.Seq > after {
			out = append(out, l)
		}
	}
	return out, nil
}
func (m *memStore) Activate(_ context.Context, d deploy.Deployment, _ string, _ audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ds[d.ID] = d
	m.activated = append(m.activated, d.ID)
	return nil
}
func (m *memStore) Decide(context.Context, string, deploy.Approval, string, audit.Entry) error {
	return nil
}
func (m *memStore) SavePages(_ context.Context, id string, p []deploy.PageState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pages[id] = p
	return nil
}
func (m *memStore) DeploymentPages(_ context.Context, id string) ([]deploy.PageState, error) {
	return m.pages[id], nil
}
func (m *memStore) PageStates(context.Context, string) ([]deploy.PageState, error) { return nil, nil }
func (m *memStore) FailOrphaned(context.Context, string, time.Time, time.Time, bool) (int, error) {
	return 0, nil
}

func (m *memStore) FailUnfinished(context.Context, string, time.Time, time.Time) (int, error) {
	return 0, nil
}
func (m *memStore) Heartbeat(context.Context, string) error { return nil }

type oneEnv struct{ env deploy.Env }

func (o oneEnv) Env(context.Context, string, string) (deploy.Env, error) { return o.env, nil }
func (o oneEnv) EnvByID(context.Context, string) (deploy.Env, error)     { return o.env, nil }

type allow struct{}

func (allow) Authorize(context.Context, access.Action, access.Resource, string) error { return nil }

// fakeBuilder fails at the stage named in failAt.
type fakeBuilder struct{ failAt string }

func (f fakeBuilder) fail(stage string) error {
	if f.failAt == stage {
		return errors.New(stage + " broke")
	}
	return nil
}
func (f fakeBuilder) Build(_ context.Context, _ deploy.Env, _ string, progress func(int, int), log func(string)) (deploy.BuildOutput, error) {
	progress(1, 2)
	progress(2, 2)
	log("built")
	return deploy.BuildOutput{ArtifactHash: "art", Pages: []deploy.PageState{{PageID: "p", Path: "/"}}, Stats: deploy.Stats{Pages: 2, Rendered: 2}}, f.fail("build")
}
func (f fakeBuilder) Prepare(context.Context, deploy.Env, string) (string, error) {
	return "man", f.fail("prepare")
}
func (f fakeBuilder) Changes(context.Context, string, string) (string, error) {
	return "2 pages changed", nil
}
func (f fakeBuilder) Push(context.Context, deploy.Env, string, func(string)) error {
	return f.fail("deploy")
}
func (f fakeBuilder) Verify(context.Context, deploy.Env, string, func(string)) error {
	return f.fail("verify")
}

// TestRun carries deployments through their stages with builders that
// fail at each stage in turn: a failure marks the deployment and its stage
// failed, logs why, and activates nothing; success activates once.
func TestRun(t *testing.T) {
	tests := []struct {
		failAt      string
		wantStatus  string
		failedStage string
	}{
		{"", deploy.StatusSuccess, ""},
		{"build", deploy.StatusFailed, "build"},
		{"prepare", deploy.StatusFailed, "deploy"},
		{"deploy", deploy.StatusFailed, "deploy"},
		{"verify", deploy.StatusFailed, "verify"},
	}
	for _, tt := range tests {
		name := tt.failAt
		if name == "" {
			name = "success"
		}
		t.Run(name, func(t *testing.T) {
			st := newMem()
			env := deploy.Env{ID: "e1", SiteID: "s1", Slug: "production", Name: "Production", Kind: "production", URL: "/s/x/production/"}
			var events []string
			svc := &deploy.Service{Store: st, Envs: oneEnv{env}, Auth: allow{},
				Events: func(_ context.Context, _ deploy.Env, ev string, _ deploy.Deployment) { events = append(events, ev) }}
			ctx := access.WithActor(context.Background(), &access.Actor{UserID: "u1", Name: "Maya", Role: access.RoleAdmin})
			d, err := svc.Create(ctx, "s1", "production", "Spring")
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.Run(ctx, d.ID, fakeBuilder{failAt: tt.failAt}); err != nil {
				t.Fatal(err)
			}
			got, _ := st.GetDeployment(ctx, d.ID)
			if got.Status != tt.wantStatus {
				t.Fatalf("status %s, want %s (error %q)", got.Status, tt.wantStatus, got.Error)
			}
			for _, s := range got.Stages {
				switch {
				case tt.failedStage == "" && s.Status != deploy.StageDone:
					t.Errorf("stage %s is %s after a success", s.Name, s.Status)
				case s.Name == tt.failedStage && s.Status != deploy.StageFailed:
					t.Errorf("stage %s is %s, want failed", s.Name, s.Status)
				}
			}
			if tt.failedStage == "" {
				if len(st.activated) != 1 || got.Progress != 100 || got.ManifestHash != "man" || got.ArtifactHash != "art" || len(st.pages[d.ID]) != 1 {
					t.Fatalf("success: activated %v, deployment %+v", st.activated, got)
				}
				if events[len(events)-1] != "deployment.succeeded" {
					t.Errorf("events %v", events)
				}
				return
			}
			if len(st.activated) != 0 {
				t.Fatal("a failed deployment was activated")
			}
			if got.Error == "" || events[len(events)-1] != "deployment.failed" {
				t.Errorf("error %q, events %v", got.Error, events)
			}
			logs, _ := st.Logs(ctx, d.ID, 0, 100)
			if last := logs[len(logs)-1].Message; last != "Nothing was activated: the environment still serves its previous deployment." {
				t.Errorf("last log line %q", last)
			}
			// Running it again does nothing: it is no longer queued.
			if err := svc.Run(ctx, d.ID, fakeBuilder{}); err != nil || len(st.activated) != 0 {
				t.Fatalf("a failed deployment ran again: %v %v", err, st.activated)
			}
		})
	}
}

// TestDecideRules: only pending deployments, not your own, and a reason
// to reject.
func TestDecideRules(t *testing.T) {
	st := newMem()
	env := deploy.Env{ID: "e1", SiteID: "s1", Slug: "production", Name: "Production", Kind: "production", RequiresApproval: true}
	svc := &deploy.Service{Store: st, Envs: oneEnv{env}, Auth: allow{}}
	maya := access.WithActor(context.Background(), &access.Actor{UserID: "u1", Name: "Maya", Role: access.RoleAdmin})
	olu := access.WithActor(context.Background(), &access.Actor{UserID: "u2", Name: "Olu", Role: access.RoleAdmin})
	d, err := svc.Create(maya, "s1", "production", "")
	if err != nil || d.Status != deploy.StatusPendingApproval {
		t.Fatalf("create: %v %+v", err, d)
	}
	tests := []struct {
		name    string
		ctx     context.Context
		approve bool
		comment string
		code    string
	}{
		{"OwnApproval", maya, true, "", "deployment.self_approval"},
		{"RejectWithoutReason", olu, false, "", "deployment.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Decide(tt.ctx, d.ID, tt.approve, tt.comment)
			if e := errs.As(err); err == nil || e.Code != tt.code {
				t.Fatalf("error %v, want %s", err, tt.code)
			}
		})
	}
}
