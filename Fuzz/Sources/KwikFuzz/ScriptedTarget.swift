import KwikTestSupport

/// A handshake target: runs a script of steps from the input, checking its invariants after each.
protocol ScriptedTarget {
    func perform(_ step: FuzzStep, _ input: inout FuzzInput)
    func check()
    /// Closes whatever is open and checks what must hold once the input is over.
    func end()
}

extension ScriptedTarget {
    func play(_ input: inout FuzzInput) {
        check()
        while !input.isExhausted {
            perform(FuzzStep(input.byte()), &input)
            check()
        }
        end()
    }
}
