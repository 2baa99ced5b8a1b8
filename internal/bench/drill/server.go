package drill

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// startTimeout bounds how long a server may take to come up.
const startTimeout = 60 * time.Second

// server is one torg serve process.
type server struct {
	cmd      *exec.Cmd
	base     string // http://127.0.0.1:port
	killOnce sync.Once
	killed   bool
	log      *os.File
}

// start runs torg serve on a free loopback port and waits until it is
// ready. Its log goes to server.log in the data folder.
func start(ctx context.Context, cfg Config, data string) (*server, error) {
	logf, err := os.OpenFile(filepath.Join(data, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	// Not CommandContext: the drill alone decides when the server dies.
	cmd := torgCommand(context.Background(), cfg, "serve", "--data", data, "--addr", "127.0.0.1:0")
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("drill: start torg serve: %w", err)
	}
	s := &server{cmd: cmd, log: logf}
	base, err := readAddress(ctx, stdout)
	if err == nil {
		s.base = base
		err = s.ready(ctx)
	}
	if err != nil {
		s.kill()
		s.wait()
		return nil, fmt.Errorf("drill: torg serve did not come up (see %s): %w", logf.Name(), err)
	}
	return s, nil
}

// readAddress reads the server's standard output until it says where it
// runs; the rest of the output is drained.
func readAddress(ctx context.Context, stdout io.Reader) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "torg is running at "); ok && !sent {
				found <- strings.TrimSuffix(u, "/")
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case u, ok := <-found:
		if !ok {
			return "", errors.New("it exited before saying where it listens")
		}
		return u, nil
	case <-time.After(startTimeout):
		return "", errors.New("it did not say where it listens in time")
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// ready waits until GET /readyz answers 200.
func (s *server) ready(ctx context.Context) error {
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, "GET", s.base+"/readyz", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("/readyz did not answer 200 in time")
}

// kill sends SIGKILL: no shutdown, no flushing, as in a power cut of the
// process.
func (s *server) kill() {
	s.killOnce.Do(func() {
		s.killed = true
		s.cmd.Process.Signal(syscall.SIGKILL)
	})
}

// wait waits for the process to end. Death by the drill's SIGKILL is the
// expected end; any other is an error.
func (s *server) wait() error {
	err := s.cmd.Wait()
	s.log.Close()
	var exit *exec.ExitError
	if errors.As(err, &exit) && s.killed {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("drill: torg serve ended: %w", err)
	}
	if !s.killed {
		return errors.New("drill: torg serve ended by itself")
	}
	return nil
}
