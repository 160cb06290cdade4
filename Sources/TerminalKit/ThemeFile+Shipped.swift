extension ThemeFile {
    // The shipped themes other than dark and monochrome, built in too, so `--theme light` works wherever the
    // executable was installed; each equals its file in themes/ (a test checks).

    static let lightSource = """
        # For light terminal backgrounds. Colours: 256-palette index, /N = 16-colour fallback.
        default     = fg:default bg:default
        border      = fg:248/7
        title       = fg:25/4 bold
        status      = fg:235/0 bg:252/7
        selection   = fg:16/0 bg:153/14 bold
        muted       = fg:243/8
        accent      = fg:25/4
        success     = fg:28/2
        failure     = fg:160/1
        warning     = fg:130/3
        value.high  = fg:28/2
        value.middle = fg:136/3
        value.low   = fg:160/1
        badge       = fg:90/5
        escaped     = fg:166/1 underline
        divergence  = fg:16/0 bg:222/11 bold
        """

    static let highContrastSource = """
        # Maximum contrast: pure black and white with saturated accents, everything important in bold.
        default     = fg:231/15 bg:16/0
        border      = fg:231/15 bg:16/0
        title       = fg:226/11 bg:16/0 bold
        status      = fg:16/0 bg:231/15 bold
        selection   = fg:16/0 bg:226/11 bold
        muted       = fg:250/7 bg:16/0
        accent      = fg:51/14 bg:16/0 bold
        success     = fg:46/10 bg:16/0 bold
        failure     = fg:196/9 bg:16/0 bold
        warning     = fg:226/11 bg:16/0 bold
        value.high  = fg:46/10 bg:16/0 bold
        value.middle = fg:226/11 bg:16/0
        value.low   = fg:196/9 bg:16/0 bold
        badge       = fg:201/13 bg:16/0 bold
        escaped     = fg:16/0 bg:208/11
        divergence  = fg:16/0 bg:208/11 bold
        """
}
