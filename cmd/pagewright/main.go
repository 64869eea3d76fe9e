// Command pagewright is the Pagewright server and its tools.
package main

import (
	"os"

	"github.com/pagewright/pagewright/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
