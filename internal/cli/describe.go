package cli

import (
	"errors"
	"strings"

	"github.com/pagewright/pagewright/internal/errs"
)

// describe turns a domain error into a readable command-line message.
func describe(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := []string{e.Message}
	for _, f := range e.Fields {
		msg = append(msg, "  "+strings.TrimPrefix(f.Location, "body.")+": "+f.Message)
	}
	return errors.New(strings.Join(msg, "\n"))
}
