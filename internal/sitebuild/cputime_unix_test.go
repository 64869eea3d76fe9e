//go:build unix

package sitebuild_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used, user and system:
// on a shared machine it measures the build's work where wall-clock time
// also measures its neighbours'.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
