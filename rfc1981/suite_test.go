package rfc1981_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc1981"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc1981.Folder

func TestRFC1981(t *testing.T) { suites.RunSuite(t, "RFC 8201 (was 1981): Path MTU Discovery") }
