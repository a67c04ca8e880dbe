# Thin wrappers over scripts/. The two commands a new user needs: `make run` and `make test`;
# `make help` lists the others.
.PHONY: run test help reset generate bench services-up services-down build format lint clean

# What the formatter and the linter look at: the project's own Swift, never .build or generated code.
# .swift-format follows the code as written: 4-space indent, 140 columns, several trailing closures, and
# snake_case where a property mirrors a JSON field.
SWIFT_SOURCES := Sources codegen Tests Plugins Package.swift

run:            ## serve on the embedded default: local disk + a PostgreSQL under ./.data (kept between runs)
	scripts/run-dev.sh

test:           ## install what is missing, start PostgreSQL and Ceph RGW, run every test, stop them
	scripts/test.sh

help:           ## list the targets
	@echo "usage: make TARGET"
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "  %-15s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

reset:          ## delete what `make run` keeps (database, stored files, dev key under ./.data); keeps the build
	-scripts/dev-s3.sh stop .data/rgw
	-scripts/dev-seaweedfs.sh stop .data/seaweedfs
	scripts/dev-postgres.sh remove .data/postgres
	rm -rf .data

generate:       ## write a readable copy of the generated database code to .generated/ (git-ignored)
	scripts/generate.sh

bench:          ## release build; prints ratios measured side by side in one run
	scripts/bench-all.sh

services-up:    ## start PostgreSQL and RGW under ./.data for manual testing (prints their env)
	scripts/dev-postgres.sh start .data/postgres && scripts/dev-s3.sh start .data/rgw

services-down:  ## stop what services-up started
	-scripts/dev-s3.sh stop .data/rgw
	-scripts/dev-postgres.sh stop .data/postgres

build:          ## install the build's system packages and build (debug)
	scripts/install-deps.sh build && scripts/swift-build.sh

format:         ## rewrite the Swift sources in the project's style (.swift-format)
	swift format format --in-place --recursive --parallel $(SWIFT_SOURCES)

lint:           ## list where the Swift sources differ from the project's style (.swift-format); fails if any
	swift format lint --strict --recursive --parallel $(SWIFT_SOURCES)

clean: reset    ## reset, and delete the build and .generated (the next build takes about 20 minutes)
	rm -rf .build .generated
