package form

import (
	"bytes"
	"encoding/csv"
	"slices"
	"time"
)

// CSV writes submissions as CSV: a header row (submission id, time,
// environment, page, then one column per field name: columns first, then
// any other field the submissions have), then one row per submission.
// Cells that a spreadsheet would run as a formula are defused.
func CSV(columns []string, subs []Submission) ([]byte, error) {
	cols := slices.Clone(columns)
	for _, s := range subs {
		for _, f := range s.Fields {
			if !slices.Contains(cols, f) {
				cols = append(cols, f)
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so spreadsheets read the file as UTF-8
	w := csv.NewWriter(&buf)
	header := append([]string{"submission_id", "submitted_at", "environment", "page"}, cols...)
	for i, h := range header {
		header[i] = SafeCell(h)
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	row := make([]string, len(header))
	for _, s := range subs {
		row[0], row[1], row[2], row[3] = s.ID, s.CreatedAt.UTC().Format(time.RFC3339), SafeCell(s.Environment), SafeCell(s.PagePath)
		for i, c := range cols {
			row[4+i] = SafeCell(s.Data[c])
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// SafeCell defuses CSV injection: a cell that starts with = + - @ (or a
// tab or carriage return, which some spreadsheets skip before them) gets a
// leading apostrophe, so it is shown as text and never run as a formula.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
