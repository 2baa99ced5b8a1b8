package load

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat; it is 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// usage samples the server process and this process during the measured time.
type usage struct {
	pid       int
	cpu0      float64 // server CPU seconds at the start
	client0   float64
	done      chan struct{}
	peak      chan int64
	serverErr error
}

func startUsage(pid int) *usage {
	u := &usage{pid: pid, client0: selfCPU()}
	if pid <= 0 {
		return u
	}
	u.cpu0, u.serverErr = procCPU(pid)
	u.done = make(chan struct{})
	u.peak = make(chan int64, 1)
	go u.sampleRSS()
	return u
}

// sampleRSS reads the server's resident size ten times a second and keeps the peak.
func (u *usage) sampleRSS() {
	var peak int64
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if rss, err := procRSS(u.pid); err == nil {
			peak = max(peak, rss)
		}
		select {
		case <-u.done:
			u.peak <- peak
			return
		case <-t.C:
		}
	}
}

func (u *usage) finish(res *Result, elapsed time.Duration) {
	secs := elapsed.Seconds()
	if secs > 0 {
		res.ClientCPU = (selfCPU() - u.client0) / secs
	}
	if u.pid <= 0 {
		return
	}
	close(u.done)
	res.ServerRSS = <-u.peak
	cpu1, err := procCPU(u.pid)
	if u.serverErr == nil && err == nil && secs > 0 {
		res.ServerCPU = (cpu1 - u.cpu0) / secs
	}
}

// procCPU returns the user plus system CPU seconds of process pid.
func procCPU(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 { // f[0] is field 3 (state); utime is field 14, stime 15
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad utime or stime", pid)
	}
	return float64(utime+stime) / clockTicks, nil
}

// procRSS returns the resident set size of process pid in bytes (VmRSS).
func procRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status: VmRSS: %w", pid, err)
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("/proc/%d/status: no VmRSS", pid)
}

// selfCPU returns the user plus system CPU seconds this process has used.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
