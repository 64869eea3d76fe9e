package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pagewright/pagewright/internal/apptest"
)

// setBranchHeading changes the heading of a branch's document through the
// API, as another editor working on the branch would.
func setBranchHeading(t *testing.T, c *apptest.Client, page, branch, text string) {
	t.Helper()
	path := "/api/v1/pages/" + page + "/branches/" + branch + "/document"
	res := c.Do(t, "GET", path, nil).Want(t, 200)
	var d map[string]any
	res.JSON(t, &d)
	d["nodes"].(map[string]any)["h"].(map[string]any)["props"].(map[string]any)["text"] = text
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	c.Do(t, "PUT", path, json.RawMessage(b), "If-Match", res.Header.Get("ETag")).Want(t, 200)
}

// openBranches opens the History panel on its Branches tab.
func openBranches(ctx context.Context) {
	sess(ctx).t.Helper()
	click(ctx, `button[aria-label="History"]`)
	waitVisible(ctx, `[role="dialog"].pw-history`)
	click(ctx, `//div[contains(@class,'pw-history')]//button[@role='tab'][.//span[normalize-space()='Branches']]`)
	waitVisible(ctx, `[data-testid="branches-panel"]`)
}

// createBranch makes a branch of the current page from the Branches tab.
func createBranch(ctx context.Context, name string) {
	sess(ctx).t.Helper()
	click(ctx, button("New branch…"))
	fill(ctx, `#pw-branch-name`, name)
	click(ctx, button("Create branch"))
	waitVisible(ctx, fmt.Sprintf(`[data-testid="branch"][data-name=%q]`, name))
}

// TestEditorBranches is Sam preparing the summer version of a page on a
// branch while the page itself keeps changing, and merging it back: first
// without conflicts, then with the heading changed on both sides.
func TestEditorBranches(t *testing.T) {
	t.Parallel()
	_, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Hillside clinic","level":1}},
		"t":{"id":"t","type":"Text","parent":"sec","pos":"a1","props":{"html":"<p>Open Monday to Saturday.</p>"}}`)
	untilJS(ctx, "the heading on the canvas", canvasJS(`!!doc.querySelector('[data-pw-node="h"]')`))

	// A branch from the current page, made in the UI.
	openBranches(ctx)
	shot(t, ctx, "branches-empty")
	createBranch(ctx, "summer")
	shot(t, ctx, "branches-created")
	key(ctx, "\x1b")
	waitNoDialog(ctx)

	// The branch's heading changes (through the API); the page's text changes in the editor.
	setBranchHeading(t, admin, pg.ID, "summer", "Summer at Hillside")
	step(ctx, "edit the text", chromedp.Evaluate[chromedp.Void](`window.__pagewright.store.apply([{op:'set', node:'t', path:'props/html', value:'<p>Open every day.</p>'}], {label:'Edit text'})`))
	untilJS(ctx, "the canvas shows the new text", canvasJS(`doc.querySelector('[data-pw-node="t"]')?.textContent.includes('Open every day.')`))
	waitSaved(ctx)

	// Merge: no conflicts, the heading change is listed.
	openBranches(ctx)
	click(ctx, `button[aria-label="Merge summer into main"]`)
	untilJS(ctx, "the merge's changes", `document.querySelector('[data-testid="merge-changes"]')?.textContent.includes('Summer at Hillside')`)
	if count(ctx, `[data-testid="conflict"]`) != 0 {
		t.Fatal("a conflict in a merge without conflicts")
	}
	shot(t, ctx, "branches-merge-preview")
	click(ctx, `//div[@data-testid='merge-dialog']//button[normalize-space()='Merge']`)
	waitText(ctx, "Merged summer into main")
	untilJS(ctx, "summer marked merged", `document.querySelector('[data-testid="branch"][data-name="summer"]')?.dataset.merged === 'true'`)
	shot(t, ctx, "branches-merged")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	untilJS(ctx, "the canvas shows the branch's heading and the page's text", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent.includes('Summer at Hillside') && doc.querySelector('[data-pw-node="t"]')?.textContent.includes('Open every day.')`))
	shot(t, ctx, "branches-canvas-merged")

	// A second branch where both sides change the heading: a conflict.
	openBranches(ctx)
	createBranch(ctx, "autumn")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	setBranchHeading(t, admin, pg.ID, "autumn", "Autumn at Hillside")
	setHeading(ctx, "Hillside all year")

	openBranches(ctx)
	click(ctx, `button[aria-label="Merge autumn into main"]`)
	waitVisible(ctx, `[data-testid="conflict"]`)
	untilJS(ctx, "the conflict shows both sides", `(() => {
		const c = document.querySelector('[data-testid="conflict"]');
		return c.textContent.includes("Keep main's: Hillside all year") && c.textContent.includes("Take branch's: Autumn at Hillside");
	})()`)
	if !eval[bool](ctx, `[...document.querySelectorAll('[data-testid="merge-dialog"] button')].find(b => b.textContent.trim() === 'Merge').disabled`) {
		t.Error("Merge enabled before the conflict has a choice")
	}
	shot(t, ctx, "branches-conflict")
	click(ctx, `(//li[@data-testid='conflict']//button[@role='radio'])[2]`)
	untilJS(ctx, "Merge enabled", `![...document.querySelectorAll('[data-testid="merge-dialog"] button')].find(b => b.textContent.trim() === 'Merge').disabled`)
	shot(t, ctx, "branches-conflict-chosen")
	click(ctx, `//div[@data-testid='merge-dialog']//button[normalize-space()='Merge']`)
	waitText(ctx, "Merged autumn into main")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	untilJS(ctx, "the canvas shows the branch's heading", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent.includes('Autumn at Hillside') && doc.querySelector('[data-pw-node="t"]')?.textContent.includes('Open every day.')`))
	shot(t, ctx, "branches-canvas-conflict-merged")
	for _, n := range nodesOfType(docOf(t, admin, pg.ID), "Heading") {
		if got := n["props"].(map[string]any)["text"]; got != "Autumn at Hillside" {
			t.Errorf("stored heading = %v, want Autumn at Hillside", got)
		}
	}
}

// TestEditorEditBranch is Sam opening a branch in the editor from the
// Branches tab: the header says which branch, edits save to the branch
// (the page itself stays as it was, and a burst of saves is one autosave
// version), a version with a message goes on the branch, and "Merge…" in
// the header merges it and returns to the page.
func TestEditorEditBranch(t *testing.T) {
	t.Parallel()
	env, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Hillside clinic","level":1}}`)
	untilJS(ctx, "the heading on the canvas", canvasJS(`!!doc.querySelector('[data-pw-node="h"]')`))
	openBranches(ctx)
	createBranch(ctx, "winter")
	click(ctx, `a[aria-label="Edit branch winter"]`)
	waitVisible(ctx, `[data-testid="branch-banner"]`)
	waitText(ctx, "Branch: winter")
	untilJS(ctx, "the branch's heading", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent === 'Hillside clinic'`))

	// Three saves in a row on the branch.
	for _, text := range []string{"Winter", "Winter hours", "Winter hours at Hillside"} {
		setHeading(ctx, text)
	}
	shot(t, ctx, "branch-editing")
	var bdoc map[string]any
	admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/branches/winter/document", nil).Want(t, 200).JSON(t, &bdoc)
	if got := bdoc["nodes"].(map[string]any)["h"].(map[string]any)["props"].(map[string]any)["text"]; got != "Winter hours at Hillside" {
		t.Fatalf("branch heading = %v", got)
	}
	if got := nodesOfType(docOf(t, admin, pg.ID), "Heading")[0]["props"].(map[string]any)["text"]; got != "Hillside clinic" {
		t.Fatalf("editing the branch changed the page: heading %v", got)
	}
	var list struct {
		Items []struct {
			Branch, Kind, Message string
		} `json:"items"`
	}
	admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/versions", nil).Want(t, 200).JSON(t, &list)
	onBranch := 0
	for _, v := range list.Items {
		if v.Branch == "winter" {
			onBranch++
		}
	}
	if onBranch != 1 {
		t.Fatalf("%d versions on the branch after three saves, want 1 autosave: %+v", onBranch, list.Items)
	}

	// A version with a message, from the History panel's Versions tab.
	click(ctx, `button[aria-label="History"]`)
	waitVisible(ctx, `[data-testid="branch-history-note"], [data-testid="branches-panel"]`)
	click(ctx, `//div[contains(@class,'pw-history')]//button[@role='tab'][.//span[normalize-space()='Versions']]`)
	waitVisible(ctx, `[data-testid="branch-history-note"]`)
	if exists(ctx, `button[aria-label^="Restore version"]`) {
		t.Error("Restore is offered while editing a branch")
	}
	click(ctx, button("Save version…"))
	fill(ctx, "#pw-version-message", "Winter copy ready")
	click(ctx, `//form[contains(@class,'pw-history-save')]//button[normalize-space()='Save']`)
	waitText(ctx, "Version saved.")
	untilJS(ctx, "the manual version on the branch", `[...document.querySelectorAll('[data-testid="version"][data-kind="manual"]')].some(li => li.textContent.includes('Winter copy ready') && li.textContent.includes('winter'))`)
	key(ctx, "\x1b")
	waitNoDialog(ctx)

	// Merge from the header, back to the page.
	click(ctx, `//div[@data-testid='branch-banner']//button[normalize-space()='Merge…']`)
	click(ctx, `button[aria-label="Merge winter into main"]`)
	untilJS(ctx, "the merge's changes", `document.querySelector('[data-testid="merge-changes"]')?.textContent.includes('Winter hours at Hillside')`)
	click(ctx, `//div[@data-testid='merge-dialog']//button[normalize-space()='Merge']`)
	untilJS(ctx, "back on the page", `location.search === '' && !!document.querySelector('[data-testid="editor"]') && !document.querySelector('[data-testid="branch-banner"]')`)
	untilJS(ctx, "the page shows the merged heading", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent === 'Winter hours at Hillside'`))

	// A merged branch opens read-only.
	visit(ctx, env.URL+"/pages/"+pg.ID+"/edit?branch=winter")
	waitText(ctx, "merged, read only")
	if !eval[bool](ctx, `document.querySelector('[data-testid="palette-Heading"]').disabled`) {
		t.Error("a merged branch can be edited")
	}
}

// TestEditorMoveTag is Sam tagging a version "approved" that another
// version already carries: the panel says so and moves the tag on request.
func TestEditorMoveTag(t *testing.T) {
	t.Parallel()
	_, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Spring","level":1}}`)
	untilJS(ctx, "the heading on the canvas", canvasJS(`!!doc.querySelector('[data-pw-node="h"]')`))
	var v1, v2 struct {
		ID     string `json:"id"`
		Number int    `json:"number"`
	}
	admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/versions", map[string]any{"message": "Spring", "tags": []string{"approved"}}).Want(t, 201).JSON(t, &v1)
	setHeading(ctx, "Summer")
	admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/versions", map[string]any{"message": "Summer"}).Want(t, 201).JSON(t, &v2)

	click(ctx, `button[aria-label="History"]`)
	click(ctx, fmt.Sprintf(`button[aria-label="Add a tag to version %d"]`, v2.Number))
	fill(ctx, fmt.Sprintf(`input[aria-label="Tag for version %d"]`, v2.Number), "approved")
	click(ctx, button("Add tag"))
	waitText(ctx, "Another version of this page has the tag “approved”.")
	shot(t, ctx, "tag-taken")
	click(ctx, fmt.Sprintf(`button[aria-label="Move the tag approved to version %d"]`, v2.Number))
	waitText(ctx, "Moved the tag approved.")
	untilJS(ctx, "the tag on the newer version only", fmt.Sprintf(`(() => {
		const row = n => document.querySelector('[data-testid="version"][data-number="' + n + '"]');
		return row(%d)?.textContent.includes('approved') && !row(%d)?.textContent.includes('approved');
	})()`, v2.Number, v1.Number))
	var got struct {
		Tags []string `json:"tags"`
	}
	admin.Do(t, "GET", "/api/v1/versions/"+v1.ID, nil).Want(t, 200).JSON(t, &struct {
		Version any `json:"version"`
	}{&got})
	if len(got.Tags) != 0 {
		t.Errorf("the old version still has tags %v", got.Tags)
	}
}
