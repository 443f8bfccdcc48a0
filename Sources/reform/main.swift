import ReformCLI

Reform.runAndExit()
