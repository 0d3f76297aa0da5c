import CUDA
import Kernels

extension GPUGEMVConfig {
    /// The grid of a launch over `n` columns on `device` (stream-K sizes it by the SM count).
    public func launchGrid(n: Int, on device: CUDADevice) -> Dim3 {
        let grid = grid(n: n, multiprocessors: device.multiprocessorCount)
        return Dim3(grid.x, grid.y)
    }

    /// f32 elements of the `workspace` a launch over `n` columns on `device` needs.
    public func workspaceFloats(n: Int, on device: CUDADevice) -> Int {
        workspaceFloats(n: n, multiprocessors: device.multiprocessorCount)
    }
}
