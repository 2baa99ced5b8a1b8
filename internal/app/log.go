package app

import (
	"io"
	"log/slog"

	"github.com/torg-kommune/torg/internal/config"
)

// NewLogger returns a logger that writes to w at the configured level, as
// text or as JSON lines.
func NewLogger(w io.Writer, cfg config.Config) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel)) // validated by config; info otherwise
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
