/** Whether the process is shutting down: /ready reports it and connections stop being kept alive. */
export class DrainState {
  #draining = false;

  get isDraining(): boolean {
    return this.#draining;
  }

  begin(): void {
    this.#draining = true;
  }
}
