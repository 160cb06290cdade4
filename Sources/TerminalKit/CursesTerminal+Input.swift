import CNcursesw
import Foundation

extension CursesTerminal {
    // MARK: input

    /// Waits for the next event: a key, mouse action, paste, resize, signal or ``TerminalWaker/wake()``. Returns
    /// nil when `timeout` passes first (nil waits as long as it takes). Blocks in `poll(2)`, never spins.
    public func nextEvent(timeout: Duration? = nil) -> InputEvent? {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while true {
            if !queue.isEmpty { return queue.removeFirst() }
            guard screen != nil else { return nil }
            var milliseconds: Int32 = -1
            if let deadline {
                let remaining = clock.now.duration(to: deadline)
                if remaining <= .zero {
                    collect(ttyReady: true)
                    return queue.isEmpty ? nil : queue.removeFirst()
                }
                let (seconds, attoseconds) = remaining.components
                milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            var descriptors = [
                pollfd(fd: configuration.inputDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, milliseconds)
            if ready < 0 && errno != EINTR { return nil }
            collect(ttyReady: ready > 0 && descriptors[0].revents != 0)
        }
    }

    /// Reads the wake pipe and, when the tty has input, every key curses can give without waiting.
    private func collect(ttyReady: Bool) {
        var woke = false
        for byte in wakePipe.drain() {
            switch byte {
            case UInt8(ascii: "W"): woke = true
            case UInt8(ascii: "I"): signalTaken(.interrupt)
            case UInt8(ascii: "T"): signalTaken(.terminate)
            case UInt8(ascii: "H"): signalTaken(.hangup)
            case UInt8(ascii: "R"): resized(askingTTY: true)
            default: break
            }
        }
        if ttyReady { readKeys() }
        if woke { queue.append(.wake) }
    }

    private func signalTaken(_ signal: TerminalSignal) {
        arbor_terminal_guard_acknowledge()
        queue.append(.signal(signal))
    }

    private func readKeys() {
        var value: wint_t = 0
        var waitedForRest = false
        while true {
            let result = wget_wch(window, &value)
            if result == arbor_curses_err() {
                // The rest of a paste marker or an Alt-key may be a moment behind its ESC.
                if decoder.isMidSequence && !waitedForRest {
                    waitedForRest = true
                    var descriptor = pollfd(fd: configuration.inputDescriptor, events: Int16(POLLIN), revents: 0)
                    if poll(&descriptor, 1, 25) > 0 { continue }
                }
                break
            }
            waitedForRest = false
            if result == arbor_curses_key_code_yes() {
                let code = Int32(bitPattern: value)
                if code == arbor_curses_key_resize() {
                    resized(askingTTY: false)
                } else if code == arbor_curses_key_mouse() {
                    for mouse in readMouse() { queue += decoder.feed(.event(.mouse(mouse))) }
                } else if let key = CursesKeyMap.key(forCode: code) {
                    queue += decoder.feed(.key(key))
                }
            } else {
                queue += decoder.feed(.character(UInt32(value)))
            }
        }
        queue += decoder.finish()
    }

    /// Every mouse event curses has queued, oldest first: one KEY_MOUSE can stand for several reports read in one go,
    /// and getmouse hands them out newest first.
    private func readMouse() -> [MouseEvent] {
        var events: [MouseEvent] = []
        var x: Int32 = 0
        var y: Int32 = 0
        var kind = ARBOR_MOUSE_OTHER
        while arbor_curses_get_mouse(&x, &y, &kind) == arbor_curses_ok() {
            let event: MouseEvent.Kind
            switch kind {
            case ARBOR_MOUSE_PRESS_LEFT: event = .press(.left)
            case ARBOR_MOUSE_PRESS_MIDDLE: event = .press(.middle)
            case ARBOR_MOUSE_PRESS_RIGHT: event = .press(.right)
            case ARBOR_MOUSE_WHEEL_UP: event = .wheelUp
            case ARBOR_MOUSE_WHEEL_DOWN: event = .wheelDown
            default: continue
            }
            events.append(MouseEvent(event, x: Int(x), y: Int(y)))
        }
        return events.reversed()
    }

    /// Takes the tty's new size (unless the size was forced) and reports it once.
    private func resized(askingTTY: Bool) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if askingTTY, configuration.size == nil,
            arbor_terminal_window_size(configuration.inputDescriptor, &rows, &columns) == 0
        {
            resize_term(rows, columns)
        }
        let now = size
        guard now != lastReportedSize else { return }
        lastReportedSize = now
        previous = nil
        // The terminal may show cells curses never wrote (a multiplexer redraws old content when a window grows), so
        // the next update clears the whole screen instead of trusting curses's idea of it.
        clearok(window, true)
        queue.append(.resize(now))
    }
}
