# salesdesk — two commands matter: `make run` and `make test` (see README.md).
PRESET ?= release
BUILD := build/$(PRESET)
DB ?= var/salesdesk.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: deps build web run test test-unit test-browser bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@$(MAKE) --no-print-directory web

web:
	@cd web && npm run --silent build

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then \
	  $(BUILD)/salesdesk init --db $(DB) && $(BUILD)/salesdesk demo --db $(DB); \
	else echo "Using the existing database $(DB) (delete it to reload the demo)."; fi
	@echo "Open http://$(LISTEN) and sign in as admin@huarui.example with password salesdesk-demo"
	@$(BUILD)/salesdesk serve --db $(DB) --listen $(LISTEN) --web-root web/dist

test: build
	@$(MAKE) --no-print-directory test-unit
	@$(MAKE) --no-print-directory test-browser

test-unit:
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600

test-browser:
	@cd web && CI=true SALESDESK_BIN=../$(BUILD)/salesdesk npm run --silent test:browser

bench: build
	@bash bench/run.sh

clean:
	rm -rf build web/dist
